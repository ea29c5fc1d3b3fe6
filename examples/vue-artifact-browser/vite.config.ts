import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

// note: no `@gh-artifacts/source` condition here: the app uses the packages' published entry points (dist).
export default defineConfig({
  base: "./",
  plugins: [vue()],
  build: { outDir: "dist", sourcemap: true },
});
