# Intake: command-line messages (English).

records-count = { $count ->
    [one] { $count } record
   *[other] { $count } records
}

import-done = Imported { $count ->
    [one] { $count } record
   *[other] { $count } records
} ({ $ops } changes) from { $file }.
import-skipped-known = Skipped { $count ->
    [one] { $count } row
   *[other] { $count } rows
} imported before (same reference, or same names and birth date): lines { $lines }.
import-skipped-invalid = Skipped { $count ->
    [one] { $count } invalid row
   *[other] { $count } invalid rows
}, listed above.
import-refused = { $bad } of { $total } rows are invalid, so nothing was imported; correct them, or add --skip-invalid to import the other rows

row-error = line { $line }: { $field }: { $reason }

err-sex = “{ $value }” is not a sex (use female or male)
err-date = “{ $value }” is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)
err-future = { $value } is in the future
err-too-old = { $value } means an age over 110
err-name = “{ $value }” is not a name (letters, spaces, hyphens and apostrophes only)
err-latin-name = “{ $value }” must be written in Latin letters
err-region = “{ $value }” is not a known oblast or city (use a name or a code such as KZ-75)
err-iin = “{ $value }” is not a valid IIN (12 digits with a correct check digit)
err-iin-birth = IIN { $value } does not agree with the birth date
err-iin-sex = IIN { $value } does not agree with the sex
err-text = text is longer than { $max } characters or contains control characters
err-no-name = no name at all (give at least a surname, a given name or a patronymic)
err-reference-repeat = “{ $value }” is already used on line { $line }
err-row-cells = the row has { $cells } cells, the header has { $columns }
err-precision = “{ $value }” is less precise than this field allows
err-phone = “{ $value }” is not a phone number (use +7 701 234 5678 or 8 701 234 56 78)
err-integer = “{ $value }” is not a whole number
err-range = { $value } is outside { $min }–{ $max }
err-choice = “{ $value }” is not one of the choices
err-country = “{ $value }” is not a known country (use a name or a code such as UZ)
err-language = “{ $value }” is not a known language (use a name or a code such as ru)
err-yes-no = “{ $value }” is not yes or no
err-link = “{ $value }” is not a record id
err-required = required
err-entries-min = at least { $min ->
    [one] { $min } entry is
   *[other] { $min } entries are
} required
err-entries-max = at most { $max ->
    [one] { $max } entry is
   *[other] { $max } entries are
} allowed

## Form definitions (intake form check)
form-check-ok = { $file }: form “{ $id }” version { $version }: { $sections } sections, { $fields } fields, { $groups } repeat groups, { $rules } rules; no problems found.
form-check-failed = { $count ->
    [one] { $count } problem
   *[other] { $count } problems
} in { $file }; the form was not used.
form-err-read = cannot read the file: { $reason }
form-err-toml = not a valid form file: { $reason }
form-err-messages = the message file does not parse: { $reason }
form-err-expression = the expression “{ $expr }” does not parse: { $reason }
form-err-unknown-name = “{ $name }” in “{ $expr }” is not a field of this form
form-err-unknown-function = “{ $name }” in “{ $expr }” is not a known function
form-err-unknown-field = “{ $id }” is not a field of this form
form-err-level = level “{ $value }” must be error or warning
form-err-type = “{ $value }” is not a field type (use one of: { $types })
form-err-precision = “{ $value }” is not a date precision (use day, month, year, estimated)
form-err-script = script “{ $value }” must be latin or any
form-err-option = “{ $option }” does not apply to field “{ $id }” of type { $type }
form-err-nested-repeat = repeat group “{ $id }” is inside another repeat group
form-err-calculate-in-group = field “{ $id }” inside a repeat group cannot be calculated (calculate top-level fields only)
form-err-fields-in-field = field “{ $id }” has fields of its own but is not a repeat group
form-err-empty-group = repeat group “{ $id }” has no fields
form-err-duplicate = “{ $id }” is defined twice
form-err-id = “{ $id }” is not a valid id (lower-case letters, digits and _, starting with a letter)
form-err-builtin = “{ $id }” is a built-in name and cannot be a field id
form-err-empty-list = choice list “{ $id }” is empty
form-err-no-list = choice field “{ $id }” names no choice list
form-err-unknown-list = field “{ $id }” uses choice list “{ $list }”, which does not exist
form-err-bounds = field “{ $id }” has a minimum above its maximum
form-err-default = the default of field “{ $id }” does not fit the field
form-err-missing-field = the form has no field “{ $id }” of type { $type }, which the program needs
form-err-field-type = field “{ $id }” must be of type { $type }
form-err-status-list = the status field's choice list must be the case workflow: { $statuses }
form-err-sex-list = the sex field's choice list must offer female and male
form-err-translation = message “{ $key }” is missing in { $lang }

## Configuration
config-err = { $file }: { $reason }

## intake check
check-record = { $id } { $name } — { $status }: { $count ->
    [0] no problems
    [one] { $count } problem
   *[other] { $count } problems
}
check-draft = draft: required fields not checked yet
check-error = { "  " }✗ { $place }: { $message }
check-warning = { "  " }! { $place }: { $message }
check-summary = Checked { $count ->
    [one] { $count } record
   *[other] { $count } records
}: { $errors } with errors, { $warnings } with warnings only.

## Terminal UI
tui-key-language = language
tui-key-redraw = redraw the screen
tui-key-unlock = unlock
tui-key-quit = quit
tui-key-search = search
tui-key-up = previous row
tui-key-down = next row
tui-key-page-up = previous page
tui-key-page-down = next page
tui-key-top = first row
tui-key-bottom = last row
tui-key-help = help
tui-key-keep-search = keep the search
tui-key-clear-search = clear the search
tui-key-close = close
tui-key-next-field = next field
tui-key-prev-field = previous field
tui-key-next-or-create = next / create
tui-key-create = create the database
tui-setup-title = first run
tui-setup-intro = Welcome. This sets Intake up on this computer: an encrypted database at { $path } and this laptop's keys. Fill in the fields; Tab moves on.
tui-setup-role = Role
tui-setup-role-field = field laptop
tui-setup-role-coordinator = coordinator
tui-setup-worker = Your name
tui-setup-org = Organisation
tui-setup-campaign = Campaign
tui-setup-key = Coordinator key
tui-setup-passphrase = Passphrase
tui-setup-again = Passphrase again
tui-setup-optional = (optional)
tui-yes = yes
tui-no = no
tui-form-unnamed = new record
tui-form-entries = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
tui-error-save = The change could not be saved; see the log. What you typed is kept.
tui-key-new = new record
tui-key-open = open
tui-key-next-section = next section
tui-key-prev-section = previous section
tui-key-save = save
tui-key-back = back to the list
tui-key-open-similar = open the record that looks like the same person
tui-form-similar = Already recorded? { $name }, born { $born } ({ $id }) — Ctrl-O opens it
tui-key-edit = edit
tui-key-status = move the case on
tui-key-history-up = history up
tui-key-history-down = history down
tui-record-next = Next action
tui-record-move = Move to
tui-record-problems = { $count ->
    [one] { $count } problem in the form (e to edit)
   *[other] { $count } problems in the form (e to edit)
}
tui-record-conflict = conflicting edits
tui-record-history = History, newest first ({ $count ->
    [one] { $count } change
   *[other] { $count } changes
})
tui-form-add-entry = Ctrl-N adds one, Ctrl-D removes the one you are in
tui-key-add-entry = add an entry to the group
tui-key-remove-entry = remove this entry
tui-unlock-title = unlock
tui-unlock-intro = Type the passphrase of { $path }.
tui-locked = Locked after a while without use. Type the passphrase to go on.
tui-passphrase = Passphrase
tui-wrong-passphrase = Wrong passphrase. Try again.
tui-error-open = The database cannot be opened; see the log.
tui-error-read = The list cannot be read; see the log.
tui-help-title = Keys
tui-records-more = more than { $count } records
tui-list-title = cases
tui-search = search
tui-search-hint = type / and a name in any script
tui-list-empty = No records yet.
tui-list-no-match = Nobody matches this search.
tui-col-name = Name
tui-col-latin = Latin
tui-col-born = Born
tui-col-oblast = Oblast
tui-col-status = Status
tui-col-next = Next

## Setting up a new device (intake init, first run)
setup-err-worker = the worker name must be 1 to 100 characters without control characters
setup-err-org = the organisation must be 1 to 100 characters without control characters
setup-err-campaign = the campaign must be at most 100 characters without control characters
setup-err-role = choose a role: field laptop or coordinator
setup-err-key-on-coordinator = a coordinator key is for field laptops; a coordinator has its own key
setup-err-key = this is not an age public key (it starts with age1); leave it empty to add it later
setup-err-short = the passphrase must have at least { $min } characters; a lost laptop is only as safe as it
setup-err-mismatch = the two passphrases differ; type them again
setup-err-exists = a database already exists at { $path }; Intake never overwrites one
setup-err-store = the database could not be created; see the log
tui-key-form-enter = next field; in a field with options: show them
tui-key-option-up = previous option
tui-key-option-down = next option
tui-key-pick = take it
tui-key-cancel-pick = close the list
tui-picker-none = no option starts with “{ $typed }”
tui-picker-more = … { $count } more: type to narrow
tui-picker-hint = Enter lists the options; typing narrows them
tui-key-mine = only the people I recorded (again: everyone)
tui-key-overdue = only overdue next actions (again: all)
tui-key-status-filter = only the next status (after the last: all)
tui-key-status-filter-back = only the previous status
tui-key-order = sort: newest change, next action, name
tui-filter-mine = mine
tui-filter-overdue = overdue
tui-order-next-action = by next action
tui-order-name = by name
tui-quit-unsaved = A form has text that is not stored yet (kept as a draft for next time). q again quits.
tui-key-import = import bundles
tui-key-conflicts = fields in conflict
tui-key-devices = devices that sent bundles
tui-key-import-start = import (the chosen files, or all)
tui-key-import-choose = choose the file
tui-key-candidate-next = next value
tui-key-candidate-prev = previous value
tui-key-resolve = take this value
tui-key-resolve-edit = edit the record
tui-key-trust = trust (merges its waiting bundles)
tui-key-revoke = revoke
tui-import-title = import bundles
tui-import-folder = Folder
tui-import-files = { $count ->
    [one] { $count } bundle here (Tab chooses; none chosen: all)
   *[other] { $count } bundles here (Tab chooses; none chosen: all)
}
tui-import-none = No bundle to import in that folder.
tui-import-progress = { $done } of { $total }
tui-import-done = { $count ->
    [one] Done: { $count } bundle. Esc or Enter goes back.
   *[other] Done: { $count } bundles. Esc or Enter goes back.
}
tui-import-merged = ✓ { $file }: merged — { $ops } new changes, { $records } new records, { $conflicts } new conflicts
tui-import-already = = { $file }: imported before, nothing changed
tui-import-quarantined = ? { $file }: device { $device } is not trusted yet (key { $key }); kept aside — D shows the devices
tui-import-refused = ✗ { $file }: refused — { $reason }
tui-conflicts-title = { $count ->
    [one] { $count } field in conflict
   *[other] { $count } fields in conflict
}
tui-conflicts-none = No field is in conflict.
tui-devices-title = { $count ->
    [one] { $count } device
   *[other] { $count } devices
}
tui-devices-none = No device has sent a bundle here yet.
tui-devices-merged = { $count ->
    [one] Trusted; { $count } waiting bundle merged.
   *[other] Trusted; { $count } waiting bundles merged.
}
tui-devices-key = key
tui-devices-received = bundles received up to number { $last }
tui-devices-missing = missing { $list }
tui-trust-trusted = trusted
tui-trust-unknown = not trusted
tui-trust-revoked = revoked
tui-conflict-deletion = deleted on one laptop, edited on another
tui-conflict-deleted = delete the record
tui-conflict-kept = keep the record ({ $field }: { $value })
sync-wrote = Wrote { $file }: bundle { $number } of this laptop, { $ops ->
    [one] { $ops } change
   *[other] { $ops } changes
}, encrypted to { $to }.
sync-wrote-return = Wrote { $file }: return bundle for device { $device }, { $ops ->
    [one] { $ops } change
   *[other] { $ops } changes
} and a receipt, encrypted to { $to }.
sync-trusted-new = TRUSTED NEW DEVICE { $device } (--trust-new-devices)
sync-merged = { $file }: merged — { $ops } new changes, { $new } new and { $updated } updated records, { $conflicts ->
    [one] { $conflicts } new conflict
   *[other] { $conflicts } new conflicts
}, { $known } changes already known.
sync-already = { $file }: imported before; nothing changed.
sync-quarantined = { $file }: from device { $device }, not trusted yet (key { $key }); kept aside, not merged. Compare the key with the laptop's `intake keys`, then `intake devices trust { $device }`.
sync-device-trusted = Device { $device } is trusted; { $bundles ->
    [one] { $bundles } waiting bundle merged
   *[other] { $bundles } waiting bundles merged
} ({ $ops } new changes).
sync-device-revoked = Device { $device } is revoked: its bundles will be refused.
edit-set = Record { $record }: { $count ->
    [one] { $count } field changed.
   *[other] { $count } fields changed.
}
edit-resolved = Record { $record }: { $field } settled.
edit-erased = Record { $record }: identifying data erased; oblast, sex, age band, category and status kept.
edit-deleted = Record { $record } deleted; its history stays in the log.
dedup-count = { $count ->
    [one] { $count } pair that looks like one person, among { $records } records.
   *[other] { $count } pairs that look like one person, among { $records } records.
}
dedup-confirmed = { $a } and { $b } are linked as one person (both records and their history stay; `intake duplicates undo` takes it back).
dedup-rejected = { $a } and { $b } are different people; the pair will not be proposed again.
dedup-undone = The verdict on { $a } and { $b } is taken back.
tui-key-duplicates = records that look like one person
tui-key-same = same person
tui-key-different = different people
tui-key-undo-verdict = undo
tui-key-next-pair = next pair
tui-key-prev-pair = previous pair
tui-dup-searching = looking for records that look like one person…
tui-dup-title = pair { $n } of { $count }
tui-dup-none = No pair left to review.
tui-dup-same = same person (linked)
tui-dup-different = different people
tui-dup-score = Score
tui-dup-reasons = Why
tui-dup-surname = Surname
tui-dup-given = Given name
tui-dup-patronymic = Patronymic
tui-dup-latin = In Latin
tui-dup-born = Born
tui-dup-sex = Sex
tui-dup-place = Birth place
tui-dup-iin = IIN
tui-dup-reference = Reference
dedup-reason-names = names
dedup-reason-names-swapped = names swapped
dedup-reason-single-name = single name
dedup-reason-birth-date = birth date
dedup-reason-birth-year = birth year
dedup-reason-day-month-swapped = day and month swapped
dedup-reason-year-1 = year ±1
dedup-reason-not-birth-date = ≠ birth date
dedup-reason-sex = sex
dedup-reason-not-sex = ≠ sex
dedup-reason-patronymic = patronymic
dedup-reason-not-patronymic = ≠ patronymic
dedup-reason-birth-place = birth place
dedup-reason-not-birth-place = ≠ birth place
dedup-reason-parent = a parent
dedup-reason-iin = IIN
dedup-reason-not-iin = ≠ IIN
dedup-reason-document = a document
tui-key-help-down = more keys
tui-key-help-up = back up
tui-help-more = { $count } more (↓)

## Reports (`intake report`, the reports screen) and `export-table`
report-title = Statelessness campaign: statistics
report-as-of = Situation on { $date }
report-period = Flows from { $from } to { $to }
report-suppressed = Counts under { $limit } are hidden (shown as “<{ $limit }”): this report may be shared outside the organisation.
report-people = People identified
report-of-concern = Of concern (nationality not confirmed)
report-overdue = Open cases with an overdue next action
report-median-days_to_filing = Median days from identification to filing
report-median-days_to_decision = Median days from identification to decision
report-median-value = { $days } ({ $cases ->
    [one] { $cases } case
   *[other] { $cases } cases
})
report-records = Records read
report-duplicates-merged = Other records of a person already counted
report-statistics-refused = Left out: no consent to statistics
report-identified-later = Identified after { $date }
report-total = Total
report-share = Share
report-unknown = Not recorded
report-no-claim = No claim recorded
report-category-nationality_confirmed = Nationality confirmed
report-outcome-citizenship_confirmed = Kazakh citizenship confirmed
report-outcome-citizenship_acquired = Citizenship acquired
report-outcome-other_nationality_confirmed = Other nationality confirmed
report-outcome-documented_stateless = Documented as stateless
report-outcome-refugee_recognised = Recognised as refugee
report-outcome-births_registered = Birth registered
report-outcome-rejected_or_appeal = Rejected or under appeal
report-outcome-pending_over_6_months = Pending for more than 6 months
report-outcome-pending = Pending (under 6 months)
report-outcome-closed_without_outcome = Closed without a decision
report-outcome-consent_refused = No case: consent refused (anonymous tally)
report-outcome-consent_withdrawn = Consent withdrawn (data erased)
report-status-no_case = No case: consent refused
report-col-people = People
report-col-cases = Cases
report-col-open = Open
report-col-overdue = Overdue
report-col-identified = Newly identified
report-col-filed = Applications filed
report-col-decided = Decisions
report-col-resolved = Resolved (nationality confirmed or acquired)
report-table-by_category = People by category
report-table-by_outcome = Outcomes
report-table-by_status = Cases by status
report-table-by_oblast = People by oblast or city
report-table-by_sex_and_age = People by age band and sex
report-table-by_birth_country = People by country of birth
report-table-by_claimed_nationality = Claimed nationality (a person may claim several)
report-table-by_profile = People by profile
report-table-by_specific_needs = Specific needs (a person may have several)
report-table-flows = Flows in the period
report-table-decisions_by_outcome = Decisions in the period by outcome
report-table-by_worker = Cases per worker
report-dim-category = Category
report-dim-outcome = Outcome
report-dim-status = Status
report-dim-oblast = Oblast or city
report-dim-sex = Sex
report-dim-age_band = Age band
report-dim-country = Country
report-dim-profile = Profile
report-dim-need = Need
report-dim-worker = Worker
report-dim-measure = Measure
report-written = Report written to { $path }.
export-table-written = { $records ->
    [one] { $records } record
   *[other] { $records } records
} and { $entries ->
    [one] { $entries } entry
   *[other] { $entries } entries
} written to { $path } ({ $sheets } sheets).
export-col-record = Record
export-col-recorded-by = Recorded by
export-col-entry = Entry
export-col-age-band = Age band today
tui-key-reports = campaign statistics and reports
tui-key-chart-next = next chart
tui-key-chart-prev = previous chart
tui-key-hide-small = hide small counts (for sharing)
tui-key-write-xlsx = write XLSX
tui-key-write-html = write HTML
tui-rep-reading = Reading the records…
tui-rep-hidden = counts under { $limit } hidden
export-table-left-out = { $count ->
    [one] { $count } record left out: the person did not consent to anonymous statistics.
   *[other] { $count } records left out: the people did not consent to anonymous statistics.
}
tui-rep-not-written = The report was not written
