// The only module that talks to the Tauri host. Components import from here,
// never from @tauri-apps/* directly, so tests can replace it.
export { commands } from "./bindings";
export type { AppError, CaseRow, LanguageInfo, Startup, UiText, VaultState } from "./bindings";
export type {
  CaseItem,
  CaseListView,
  CaseQuery,
  CrewRow,
  FieldView_Serialize as FieldView,
  VesselForm_Serialize as VesselForm,
  VesselView,
} from "./bindings";
