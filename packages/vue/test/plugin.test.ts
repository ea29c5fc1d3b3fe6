import { type ArtifactsClient, createArtifactsClient, InvalidInputError } from "@gh-artifacts/client";
import { mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import { createApp, defineComponent, h } from "vue";
import { ArtifactsPlugin, provideArtifactsClient, useArtifactsClient } from "../src/index.js";
import { plugins, setup } from "./helpers.js";

/** A component that reads the client it is given. */
function reader(seen: ArtifactsClient[]) {
  return defineComponent({
    setup() {
      seen.push(useArtifactsClient());
      return () => h("p", "read");
    },
  });
}

describe("ArtifactsPlugin and provideArtifactsClient", () => {
  it("the plugin gives its client to every component of the app", () => {
    const ctx = setup();
    const seen: ArtifactsClient[] = [];
    const Child = reader(seen);
    mount(defineComponent({ setup: () => () => h("div", [h(Child), h(Child)]) }), { global: plugins(ctx) });
    expect(seen).toEqual([ctx.client, ctx.client]);
  });

  it("provideArtifactsClient in a parent wins over the plugin's client for its subtree only", () => {
    const ctx = setup();
    const other = createArtifactsClient({ baseUrl: "https://ghe.test/api/v3" });
    const inside: ArtifactsClient[] = [];
    const outside: ArtifactsClient[] = [];
    const Inside = reader(inside);
    const Outside = reader(outside);
    const Scope = defineComponent({
      setup(_, { slots }) {
        provideArtifactsClient(other);
        return () => h("section", slots.default?.());
      },
    });
    mount(defineComponent({ setup: () => () => h("div", [h(Scope, () => h(Inside)), h(Outside)]) }), {
      global: plugins(ctx),
    });
    expect(inside).toEqual([other]);
    expect(outside).toEqual([ctx.client]);
  });

  it("useArtifactsClient without a provided client throws an error saying how to provide one", () => {
    const Broken = reader([]);
    expect(() => mount(Broken)).toThrow(/no artifacts client was provided.*app\.use\(ArtifactsPlugin/);
  });

  it("useArtifactsClient outside a component's setup throws instead of returning nothing", () => {
    expect(() => useArtifactsClient()).toThrow(/outside setup\(\)/);
  });

  it("the plugin and provideArtifactsClient refuse a missing client with InvalidInputError naming it", () => {
    // note: a fresh app per attempt: Vue installs a plugin once per app, even when its install threw.
    const install = () => createApp({ render: () => null }).use(ArtifactsPlugin, {} as { client: ArtifactsClient });
    expect(install).toThrow(InvalidInputError);
    expect(install).toThrow("Invalid client: must be a client from createArtifactsClient()");
    const Bad = defineComponent({
      setup() {
        provideArtifactsClient(undefined as unknown as ArtifactsClient);
        return () => null;
      },
    });
    expect(() => mount(Bad)).toThrow(InvalidInputError);
  });
});
