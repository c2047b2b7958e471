fn main() {
    // Declaring the app's own commands makes Tauri generate a permission for
    // each; capabilities/main.json then grants exactly these to the window.
    let attributes =
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&[
            "startup",
            "create_vault",
            "passphrase_strength",
            "suggest_passphrase",
            "unlock",
            "lock",
            "keep_alive",
            "cases",
            "set_language",
            "first_paint",
            "interview_catalog",
            "start_interview",
            "interview_page",
            "give_consent",
            "answer_question",
            "move_in_interview",
            "set_interview_languages",
            "save_interview_notes",
            "complete_interview",
            "resolve_answer_conflict",
            "case_list",
            "vessel_form",
            "new_inspection",
            "vessel",
            "wipe",
            "sync_screen",
            "sync_now",
            "create_team",
            "team_invite",
            "join_team",
            "waiting_devices",
            "admit_device",
            "remove_device",
            "export_bundle",
            "import_bundle",
            "nearby_screen",
            "nearby_wait",
            "nearby_stop",
            "nearby_connect",
            "team_forms",
            "publish_form",
            "withdraw_form",
        ]));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {e:#}");
    }
}
