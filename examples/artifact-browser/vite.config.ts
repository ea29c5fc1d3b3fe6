import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// note: no `@gh-artifacts/source` condition here: the app uses the packages' published entry points (dist).
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: { outDir: "dist", sourcemap: true },
});
