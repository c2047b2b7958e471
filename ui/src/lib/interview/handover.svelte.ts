// Whether the device is handed to the respondent, and the screen they see.
// While `screen` is set the window shows nothing else (App.svelte); the core
// refuses every other command until the interviewer confirms.
import type { HandOverScreen } from "../ipc";

export const handover = $state<{ screen: HandOverScreen | null }>({ screen: null });
