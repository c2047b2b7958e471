// The only module that talks to the Tauri host. Components import from here,
// never from @tauri-apps/* directly, so tests can replace it.
export { commands, events } from "./bindings";
export { follow } from "./follow";
import type { AppError } from "./bindings";

/** What every command returns: its data, or an error with a code and a sentence in the person's language. */
export type Result<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };
export type { PublisherView, TeamFormView } from "./bindings";
export type {
  HandOverAction,
  HandOverScreen_Serialize as HandOverScreen,
  HandOverQuestion_Serialize as HandOverQuestion,
  Prompt,
} from "./bindings";
export type { AppError, CaseRow, Generated, LanguageInfo, Startup, Strength, UiText, VaultState } from "./bindings";
export type { SecurityView_Serialize as SecurityView } from "./bindings";
export type {
  Bi,
  ConsentView,
  DeclinedView,
  FormLanguage,
  GivenAnswer,
  InterviewPage_Serialize as InterviewPage,
  Move,
  QuestionnaireInfo,
  QuestionScreen_Serialize as QuestionScreen,
  SummaryView_Serialize as SummaryView,
  CaseItem,
  CaseListView,
  CaseQuery,
  CrewRow,
  FieldView_Serialize as FieldView,
  VesselForm_Serialize as VesselForm,
  VesselView,
} from "./bindings";
export type {
  InviteView,
  MemberView,
  NewTeam_Deserialize as NewTeam,
  SyncProgressView_Serialize as SyncProgressView,
  SyncScreen_Serialize as SyncScreen,
  SyncState,
  SyncStatusView_Serialize as SyncStatusView,
  TeamView_Serialize as TeamView,
  WaitingView_Serialize as WaitingView,
} from "./bindings";
export type { BundleOutcome, NearbyView } from "./bindings";
export type {
  ExportFormat,
  ExportJobView_Serialize as ExportJobView,
  ExportRequest_Deserialize as ExportRequest,
  ExportScreen_Serialize as ExportScreen,
  ExportFilter_Deserialize as ExportFilter,
  StatsRequest_Deserialize as StatsRequest,
  StatsView_Serialize as StatsView,
} from "./bindings";
