//! Every screen, one line each (see `src/tui/README.md`): a folder with
//! its state, its key bindings, its `update` (state, context, action →
//! transition) and its `draw`.

screen_list! {
    /// First run: no database yet.
    setup => Setup(setup::Setup),
    /// Asking for the passphrase.
    unlock => Unlock(unlock::Unlock),
    /// The case list (home).
    list => List(list::CaseList),
    /// A record's intake form.
    form => Form(Box<form::FormScreen>),
    /// One record: values, status, conflicts, history.
    record => Record(Box<record::RecordView>),
    /// Importing bundles.
    import => Import(Box<import::ImportScreen>),
    /// Fields in conflict.
    conflicts => Conflicts(conflicts::ConflictsView),
    /// Devices that sent bundles.
    devices => Devices(devices::DevicesView),
    /// Pairs that look like one person.
    duplicates => Duplicates(duplicates::DuplicatesView),
    /// The campaign statistics.
    reports => Reports(reports::ReportsView),
    /// Changing the passphrase.
    passphrase => Passphrase(passphrase::PassphraseScreen),
    /// Writing a backup.
    backup => Backup(backup::BackupScreen),
    /// A record's paperwork: scans, copies, letters.
    paper => Paper(Box<paper::PaperScreen>),
}
