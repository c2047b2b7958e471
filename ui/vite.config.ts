import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  // Tauri serves the files itself: relative paths, no dev server needed.
  base: "./",
  clearScreen: false,
  // The summary screen embeds docs/screening-rules.md (`?raw`): the one file
  // outside ui/ that the dev server and the tests may read.
  server: { fs: { allow: [".", "../docs"] } },
  build: {
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
    // Fonts and images stay files (CSP allows font-src 'self', not data:).
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    // The palette test reads app.css as text (`?raw`).
    css: { include: [/app\.css/] },
  },
});
