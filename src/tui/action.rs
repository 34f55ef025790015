//! Everything the terminal UI can be asked to do: keys, the mouse and the
//! clock become one of these, and [`super::app::update`] applies it.

use std::time::Instant;

/// An edit of the focused text field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Type a character at the cursor.
    Insert(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the character under the cursor.
    Delete,
    /// Cursor one character left.
    Left,
    /// Cursor one character right.
    Right,
    /// Cursor to the start.
    Home,
    /// Cursor to the end.
    End,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Clear the field.
    Clear,
}

/// What the user (or the clock) asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Leave the program.
    Quit,
    /// Yes, to a question (see `widgets::confirm`).
    Yes,
    /// No, to a question.
    No,
    /// Show the key bindings of this screen.
    Help,
    /// Close the help overlay (or whatever is on top).
    Close,
    /// English → Русский → Қазақша → English.
    NextLanguage,
    /// Redraw the whole screen.
    Redraw,
    /// Confirm what was typed (unlock, first-run setup).
    Submit,
    /// Save now (first-run setup: create the database; the form: commit the field).
    Save,
    /// Start a new record.
    NewRecord,
    /// Open the selected record (the record view).
    Open,
    /// Edit the record (its intake form).
    EditRecord,
    /// Move the case to the n-th of its allowed next statuses (1-based).
    SetStatus(u8),
    /// Close the case: its reason is asked first.
    CloseCase,
    /// Undo the case's last status move (asked first).
    UndoStatus,
    /// Delete the record (asked first).
    DeleteRecord,
    /// Take the highlighted option of the list under a field.
    Pick,
    /// Close the option list, putting back the stored value.
    CancelPick,
    /// Leave the form for the list (the field is committed first).
    Back,
    /// Add an entry to the repeat group being filled in.
    AddEntry,
    /// Remove the repeat-group entry being filled in.
    RemoveEntry,
    /// Open the record the form says looks like the same person.
    OpenSimilar,
    /// The form's next section.
    NextSection,
    /// The form's previous section.
    PrevSection,
    /// Focus the next field.
    NextField,
    /// Focus the previous field.
    PrevField,
    /// Change the focused text field.
    Edit(Edit),
    /// Selection one row up.
    Up,
    /// Selection one row down.
    Down,
    /// One screen up.
    PageUp,
    /// One screen down.
    PageDown,
    /// First row.
    Top,
    /// Last row.
    Bottom,
    /// List only the people this worker recorded, or everyone again.
    ToggleMine,
    /// List only open cases whose next action is overdue, or all again.
    ToggleOverdue,
    /// List only the next status (after the last: every status again).
    NextStatusFilter,
    /// List only the previous status.
    PrevStatusFilter,
    /// Sort the list the next way.
    NextOrder,
    /// Open the import screen (bundles).
    OpenImport,
    /// Open the fields in conflict.
    OpenConflicts,
    /// Open the devices.
    OpenDevices,
    /// Open the duplicates review.
    OpenDuplicates,
    /// Open the reports.
    OpenReports,
    /// Attach scans to the record (a folder's files).
    OpenAttach,
    /// Write copies of the record's attachments to a folder.
    OpenCopies,
    /// Make a letter or application from the record.
    OpenLetter,
    /// Open the passphrase change.
    OpenPassphrase,
    /// Open the backup screen.
    OpenBackup,
    /// Hand the highlighted device's caseload over to another device.
    HandOver,
    /// Hide (or show again) small counts in the reports.
    ToggleHideSmall,
    /// Write the report as a workbook.
    WriteXlsx,
    /// Write the report as a web page.
    WriteHtml,
    /// The pair shown is one person.
    ConfirmSame,
    /// The pair shown are different people.
    RejectPair,
    /// Take back the verdict on the pair shown.
    UndoVerdict,
    /// Trust the highlighted device (its quarantined bundles are merged).
    TrustDevice,
    /// Revoke the highlighted device.
    RevokeDevice,
    /// Start typing a search.
    Search,
    /// Stop typing the search, keep it.
    KeepSearch,
    /// Stop typing the search and clear it.
    ClearSearch,
    /// The mouse wheel, up.
    ScrollUp,
    /// The mouse wheel, down.
    ScrollDown,
    /// A click on a screen row.
    Click {
        /// Terminal column.
        column: u16,
        /// Terminal row.
        row: u16,
    },
    /// The terminal's new size.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// Time passes (for the idle lock).
    Tick(Instant),
}
