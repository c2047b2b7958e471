// Fonts ship inside the app: no system font and no network is needed to show
// any of the five languages. Regular and bold, only the scripts we use.
import "@fontsource/noto-sans/latin-400.css";
import "@fontsource/noto-sans/latin-700.css";
import "@fontsource/noto-sans-thai/thai-400.css";
import "@fontsource/noto-sans-thai/thai-700.css";
import "@fontsource/noto-sans-myanmar/myanmar-400.css";
import "@fontsource/noto-sans-myanmar/myanmar-700.css";
import "@fontsource/noto-sans-khmer/khmer-400.css";
import "@fontsource/noto-sans-khmer/khmer-700.css";
import "@fontsource/noto-sans-lao/lao-400.css";
import "@fontsource/noto-sans-lao/lao-700.css";
import "./app.css";
import "./controls.css";

import { mount } from "svelte";
import App from "./App.svelte";

const target = document.getElementById("app");
if (target) {
  mount(App, { target });
}
