# Intake: command-line messages (English).

records-handed-back-line = { $id }  handed over on { $when }  { $oblast } · { $sex } · { $status }
records-handed-back-count = { $count ->
    [one] { $count } record handed over: only its anonymous counts stay on this laptop
   *[other] { $count } records handed over: only their anonymous counts stay on this laptop
}
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

import-lines-more = { $lines } and { $more } more
csv-read = cannot read { $file }: { $reason }
csv-not-utf8 = line { $line } is not UTF-8 text; save the list as “CSV UTF-8” and try again
csv-empty = the file is empty; the first row must name the columns (reference, surname, …)
csv-unknown-column = unknown column “{ $column }”; the columns can be: { $columns }
csv-duplicate-column = column “{ $column }” appears twice in the header
csv-phone = column “phone” cannot be imported: a phone number is kept only with the person's consent to follow-up contact, given at the interview
csv-no-name-column = the header has no name column (surname, given_name, patronymic, surname_latin or given_name_latin)
csv-malformed = line { $line }: the CSV is malformed (check the quotes)
csv-changed = the file changed while it was being imported, so nothing was imported; try again
io-not-found = no such file
io-permission = permission denied
io-directory = it is a folder, not a file
io-other = the file could not be read

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
form-err-max-length = field “{ $id }” may take at most { $max } characters
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
tui-setup-key = Coordinator's enrolment string
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
tui-form-store-first = Answer a question first: the record exists from its first stored answer.
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
tui-key-close-case = close the case (its reason is asked)
tui-key-undo-status = undo the last move of the case (asked first)
tui-key-delete-record = delete the record (asked first)
tui-key-close-with-reason = close the case for this reason
tui-key-not-closed = do not close the case
tui-ask-status = Move the case from “{ $from }” to “{ $to }”? y: yes, n: no
tui-ask-undo-status = Undo the last move: back from “{ $from }” to “{ $to }”? y: yes, n: no
tui-ask-delete-record = Delete this record (a person recorded by mistake, or twice)? Its history stays. y: yes, n: no
tui-record-undo = u back to “{ $status }”
tui-record-closing = Why is the case closed? ↑↓ choose, Enter closes it, Esc: not closed
tui-record-nothing-to-undo = There is no move of this case to undo.
tui-done-record-deleted = The record was deleted; its history stays.
tui-ask-resolve = Settle “{ $field }” with “{ $value }” ({ $who })? The other values stay in the history. y: yes, n: no
tui-ask-remove-entry = Remove “{ $entry }” and what it holds? Its history stays. y: yes, n: no
tui-ask-revoke = Revoke the key of { $who } ({ $key }), { $reason }? Its changes so far stand; later ones are refused here and on every laptop. y: yes, n: no
tui-key-form-back = back to the record
status-short-identified = identified
status-short-intake_done = intake done
status-short-assessed = assessed
status-short-gathering_documents = gathering
status-short-filed = filed
status-short-awaiting_foreign_reply = awaiting
status-short-decision = decision
status-short-appeal = appeal
status-short-documented = documented
status-short-follow_up = follow-up
status-short-closed = closed
tui-form-emptied = “{ $field }” was left empty: its value “{ $was }” is removed (type it again to put it back; the history keeps it).
history-what-duplicates = Duplicate review
history-linked-same = confirmed as the same person as record …{ $record }
history-linked-different = marked as a different person from record …{ $record }
history-linked-undone = the verdict on record …{ $record } was undone
history-what-erasure = Erasure
history-erased = identifying data erased: { $reason }
history-erased-retention = identifying data erased by the retention rule for closed cases
history-erased-none = the erasure mark was removed
history-what-record = Record
history-deleted = deleted (recorded by mistake or twice)
history-kept = kept (its deletion undone)
history-what-caseload = Caseload
history-granted = given to laptop …{ $device }
history-taken-back = taken back from laptop …{ $device }
history-entry-removed = removed
history-entry-kept = kept (its removal undone)
history-what-source = Source
history-what-anon-sex = Anonymous count: sex
history-what-anon-age-band = Anonymous count: age band
history-what-anon-category = Anonymous count: category
history-value-referral_list = a referral list
history-value-demo = demonstration data
history-value-unknown = unknown
history-value-yes = yes
history-value-no = no
history-title = { $count ->
    [one] Record { $record }: { $count } change
   *[other] Record { $record }: { $count } changes
}
history-col-time = time (UTC)
history-col-author = who
history-col-op = device:change
history-col-what = what
history-col-how = before → after
store-err-wrong-passphrase = Wrong passphrase for { $path }.
store-err-exists = A database already exists at { $path }; Intake never overwrites one.
store-err-missing = There is no database at { $path }; create one with intake init.
store-err-bad-passphrase = The passphrase is empty: type the one this database was made with.
store-err-too-new = The database at { $path } was written by a newer version of Intake; update Intake to open it.
store-err-no-profile = This database has no profile yet; create one with intake init.
store-err-profile-exists = This database already has a profile.
store-err-no-record = There is no record { $record }.
store-err-ambiguous = { $record } fits more than one record; give more of its id.
store-err-equivocation = Change { $op } arrived again with a different content; nothing was changed.
store-err-damaged = The database could not be read or written as it should; nothing was changed. Make a copy of the data directory and tell your coordinator.
store-err-upgrade = The database could not be upgraded to this version of Intake; nothing was changed.
store-err-disk-full = The disk holding the database is full: free some space; nothing was changed.
io-err-not-found = There is no such file or folder.
io-err-permission = This computer does not allow reading or writing there.
io-err-full = The disk is full: free some space or choose another disk.
io-err-exists = A file of that name exists already; Intake does not write over it.
io-err-directory = That is a folder, not a file.
io-err-not-directory = That is a file, not a folder.
io-err-damaged = The file is damaged or cut short.
io-err-other = The file could not be read or written.
edit-err-assignment = “{ $text }” is not FIELD=VALUE (e.g. surname=Дуйсенова).
edit-err-field = “{ $field }” is not a field of the form.
edit-err-not-in-conflict = “{ $field }” of record { $record } is not in conflict (intake conflicts lists those that are).
erase-err-reason = Give the reason for the erasure with --reason (e.g. "consent withdrawn on 2026-11-20").
erase-err-erased = Record { $record } was erased before.
dedup-err-same-record = { $record } is the same record twice: give two different records.
report-err-xlsx-terminal = A workbook cannot be shown in the terminal: give --out FILE.xlsx.
demo-progress = { $done } / { $total } people
demo-added = Added { $people } people as { $ops } changes in { $secs } s: { $rate } people/s, { $op_rate } changes/s.
cli-err-unknown-argument = This command takes no { $arg }.
cli-err-unknown-command = There is no command “{ $command }”.
cli-err-invalid-value = “{ $value }” is not a value { $arg } takes; it takes: { $valid }.
cli-err-value = “{ $value }” is not a value { $arg } takes.
cli-err-missing = This command needs { $arg }.
cli-err-missing-command = Give a command.
cli-err-conflict = { $arg } cannot be given together with { $other }.
cli-err-values = { $arg } was given a wrong number of values.
cli-err-other = The command line could not be read.
cli-err-help = intake --help lists the commands; intake COMMAND --help what each takes (the help is in English).
cli-want-score = It takes a score from 0 to 1, e.g. 0.85.
cli-want-status = It takes a case status, one of: { $all }.
cli-want-count = It takes a count of 2 or more, e.g. 5.
cli-want-date = It takes a date as YYYY-MM-DD, e.g. 2026-06-30.
cli-want-size = It takes a size of at least 1M, e.g. 700M or 4G.
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
setup-err-key = this is not the coordinator's enrolment string, or a character of it is wrong: paste the whole line starting intake-coordinator1 (or leave it empty to add it later)
setup-err-weak-keyboard = the passphrase is a keyboard pattern, which is tried first; use a few unrelated words
setup-err-weak-repeats = the passphrase repeats itself, which is easy to guess; use a few unrelated words
setup-err-weak-sequence = the passphrase is a sequence like abc or 123, which is easy to guess; use a few unrelated words
setup-err-weak-common = this is one of the most common passwords; use a few unrelated words
setup-err-weak-similar = this is a common password with small changes, which are tried too; use a few unrelated words
setup-err-weak-dates = dates and years are easy to guess; use a few unrelated words
setup-err-weak-word = a single word is easy to guess; use a few unrelated words
setup-err-weak-names = names and surnames are easy to guess; use a few unrelated words
setup-err-weak-short = the passphrase is too easy to guess; a lost laptop is only as safe as it: use three or four unrelated words
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
tui-import-quarantined = ? { $file }: { $who }'s device { $device } is not trusted yet (key { $key }); kept aside as it came — D shows the devices
tui-import-refused = ✗ { $file }: { $reason }
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
}{ $attachments ->
    [0] {""}
    [one] {" "}and one attachment
   *[other] {" "}and { $attachments } attachments
}, encrypted to { $to }.
sync-wrote-return = Wrote { $file }: return bundle for device { $device }, { $ops ->
    [one] { $ops } change
   *[other] { $ops } changes
}{ $attachments ->
    [0] {""}
    [one] , one attachment
   *[other] , { $attachments } attachments
} and a receipt, encrypted to { $to }.
sync-trusted-new = TRUSTED NEW DEVICE: { $who } (--trust-new-devices)
sync-merged = { $file }: merged — { $ops } new changes, { $new } new and { $updated } updated records, { $conflicts ->
    [one] { $conflicts } new conflict
   *[other] { $conflicts } new conflicts
}, { $known } changes already known.
sync-already = { $file }: imported before; nothing changed.
sync-quarantined = { $file }: from { $who }, not trusted yet; kept aside as it came, not unpacked. Compare the key with the laptop's `intake keys`, then `intake devices trust { $device }`.
sync-device-trusted = Device { $device } is trusted; { $bundles ->
    [one] { $bundles } waiting bundle merged
   *[other] { $bundles } waiting bundles merged
} ({ $ops } new changes).
sync-device-revoked = Device { $device } is revoked: its changes up to number { $after } stand, later ones are refused here and, once return bundles carry the revocation, on every laptop.
edit-set = Record { $record }: { $count ->
    [one] { $count } field changed.
   *[other] { $count } fields changed.
}
edit-resolved = Record { $record }: { $field } settled.
edit-erased = Record { $record }: identifying data erased; oblast, sex, age band, category and status kept.
edit-deleted = Record { $record } deleted; its history stays in the log.
dedup-count-clusters = { $count ->
    [one] { $count } pair in { $clusters } groups that look like one person each, among { $records } records
   *[other] { $count } pairs in { $clusters } groups that look like one person each, among { $records } records
}; { $apart } pairs kept apart (`--all` lists them).
dedup-confirmed = { $a } and { $b } are linked as one person (both records and their history stay; `intake duplicates undo` takes it back).
dedup-rejected = { $a } and { $b } are different people; the pair will not be proposed again.
dedup-undone = The verdict on { $a } and { $b } is taken back.
tui-key-duplicates = records that look like one person
tui-dup-cluster = One person in { $count } records: { $names }.
tui-dup-apart = Kept apart: joining this pair would make one person of records that do not look alike; decide here.
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
dedup-reason-days-apart = days apart
dedup-reason-fathers-name-as-surname = father's name as surname
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
export-col-file = File
export-col-type = Type
export-col-bytes = Bytes
export-col-sha256 = SHA-256
export-col-document = Document entry
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

## Sync, format 2: who sent what, refusals, notes, devices, keys
sync-sender = { $worker } (key { $key }, device { $device })
sync-refused = refused: { $reason }
sync-refused-from = refused, from { $from }: { $reason }
sync-refused-count = { $refused } of { $total } bundles refused; the database holds none of their changes
sync-err-not-a-bundle = this file is not an Intake bundle
sync-err-wrong-recipient = this bundle is encrypted to another key, not to this computer's (was it made for another coordinator?)
sync-err-damaged = this bundle is damaged or cut short (copy it again from the sender)
sync-err-format = this bundle is in format { $format }, and this version of Intake reads { $ours } only: export it again with the same version of Intake as the coordinator's
sync-err-too-large = this bundle has a part of { $bytes } bytes, more than Intake accepts
sync-err-header = this bundle's header is damaged ({ $reason })
sync-err-signature = this bundle's signature does not match its contents: it was changed after it was made
sync-err-payload = this bundle's data does not match the hash its header signs: it was changed or damaged
sync-err-ops = this bundle's changes are not well formed ({ $reason })
sync-err-io = could not read or write the bundle ({ $reason })
sync-err-store = the database could not take the bundle ({ $reason }); nothing was changed
sync-err-db-full = the disk holding the database is full: nothing was imported
sync-err-key = this computer's keys could not be read
sync-err-bare-age-key = an age key alone is not enough: paste the line starting intake-coordinator1 that `intake keys` shows on the coordinator's computer
sync-err-mistyped = this is not a coordinator's enrolment string, or a character of it is wrong: paste the whole line starting intake-coordinator1 again
sync-err-no-coordinator = this laptop has no coordinator yet: add it with `intake keys set-coordinator`, pasting the line starting intake-coordinator1 from the coordinator's `intake keys`
sync-err-campaign = this bundle belongs to campaign “{ $theirs }”, this database to “{ $ours }”
sync-err-key-mismatch = it is signed with another key than the one enrolled for that device
sync-err-revoked = that device's key is revoked, so its bundles are refused
sync-err-for-another = this return bundle is for device { $device }, not for this laptop
sync-err-not-trusted = device { $device } is not trusted here; trust it (`intake devices trust`) before sending it anything
sync-err-not-for-us = this bundle's header does not list this computer's key among its recipients
sync-err-from-here = this bundle was made on this computer
sync-err-not-coordinator = a field laptop imports return bundles from its own coordinator only
sync-err-impostor = it says it comes from this laptop's coordinator but is not signed with the coordinator's key
sync-err-return-to-coordinator = a return bundle is for a field laptop, not for the coordinator
sync-err-forged = { $what }: it was forged or damaged
sync-err-fork = { $what }: the laptop was copied, or its key is in someone else's hands; revoke its key with `intake devices revoke`
sync-err-stopped = the import stopped before its end: nothing was imported
sync-err-changed-meanwhile = the database changed while the bundle was written: export again
sync-why-header-json = it cannot be read
sync-why-header-no-key = it names no signing key
sync-why-header-key = its signing key is not a valid key
sync-why-header-fields = one of its fields is missing or has a wrong value
sync-why-header-fingerprint = its key fingerprint does not match its key
sync-why-header-sections = it must name exactly one section of changes
sync-why-header-worker = its worker's name is longer than { $max } characters
sync-why-header-age-key = its encryption key is not an age key
sync-why-bundle-number = its bundle number is 0 or above { $max }
sync-why-line = line { $line } is not a well-formed item
sync-why-plain-bytes = { $bytes } bytes of changes where its header says { $said }
sync-why-op-count = { $ops } changes where its header says { $said }
sync-why-ranges = its changes fall in more ranges than the { $said } its header lists
sync-why-last-line = its last line has no end
sync-why-run-cut = the run of changes { $first }–{ $last } of device { $device } ends early
sync-why-statement-shape = a statement of device { $device } over changes { $first }–{ $last } is not well formed
sync-why-run-order = its runs of changes are out of order
sync-why-statement-key = the statement of device { $device } over its changes { $first }–{ $last } is not signed with that device's key
sync-why-outside-run = a change stands outside any signed statement
sync-why-tree = a change or subtree of device { $device } is out of place in its run { $first }–{ $last }
sync-why-other-device = change { $seq } of device { $device } stands in another device's run
sync-why-value = the value of change { $seq } of device { $device } cannot be read
sync-why-no-seal = change { $seq } of device { $device } has no seal
sync-why-not-signed = the changes { $first }–{ $last } of device { $device } are not the ones it signed
sync-why-parents = change { $seq } of device { $device } names too many earlier changes
sync-why-seq-range = change { $seq } of device { $device } has a number out of range
sync-why-far-future = change { $seq } of device { $device } is dated after the year 6000
sync-why-author = change { $seq } of device { $device } has an author's name that is too long
sync-why-false-erasure = change { $seq } of device { $device } is marked erased but is not
sync-cloned-two-bundles = two different bundles numbered { $bundle } came from it
sync-cloned-broken-chain = its bundle { $bundle } does not follow its bundle { $before }
sync-cloned-two-ops = two different changes numbered { $seq } were written
sync-cloned-two-histories = two different histories were signed (changes { $first }–{ $last } and { $other_first }–{ $other_last })
sync-cloned-noted = two histories were found
sync-err-receipt = its receipt acknowledges changes this laptop never sent (up to number { $upto })
sync-err-redaction = it carries values erased from a record that was never erased
sync-err-holds-erased = it comes from a laptop not trusted yet and holds changes to a person whose data was erased here, so it is not kept; trust the laptop (`intake devices trust`) and import it again
sync-err-no-device = no device { $device } is known here (`intake devices list` shows them)
sync-err-ambiguous-device = { $device } fits more than one device; give more of the id
sync-err-exists = { $file } already exists; give a new file name
sync-err-no-file = { $file }: there is no such file
sync-err-disk-full = the disk holding { $file } is full: no bundle was written
sync-err-write = could not write { $file } ({ $reason }): no bundle was written
sync-clock-behind = This computer's clock is { $behind } behind the newest change it has seen: check its date and time before you go on, or new changes will be dated in the past.
sync-note-cloned = warning: { $who } was found to be a copied laptop ({ $why }); revoke its key with `intake devices revoke`
sync-note-missing = { $count ->
    [one] bundle { $list } of { $who } is missing
   *[other] bundles { $list } of { $who } are missing
}; nothing is lost, later bundles carry their changes
sync-note-clock-ahead = the clock of device { $device } was { $ahead } ahead of this computer's: its changes are kept, and each field they decide is listed with the conflicts
sync-note-set-aside = { $count ->
    [one] { $count } change was set aside, not merged (outside its device's caseload, or a value the form does not take): `intake set-aside` lists it
   *[other] { $count } changes were set aside, not merged (outside their device's caseload, or values the form does not take): `intake set-aside` lists them
}
sync-note-unknown-origin = { $count ->
    [one] { $count } change made on a device not enrolled here was left out
   *[other] { $count } changes made on devices not enrolled here were left out
}
sync-note-after-revocation = { $count ->
    [one] { $count } change made after its device's key was revoked was refused
   *[other] { $count } changes made after their device's key was revoked were refused
}
sync-note-acknowledged = the coordinator holds this laptop's changes up to number { $upto }
sync-note-coordinator-restored = { $who } was restored from a backup of { $made } and goes on with the same keys: this laptop follows it, and its next bundle brings back what the backup lacks
sync-note-handed-back = { $count ->
    [one] { $count } record was handed back to the coordinator: its names, dates and documents are gone from this laptop, only its anonymous counts stay
   *[other] { $count } records were handed back to the coordinator: their names, dates and documents are gone from this laptop, only their anonymous counts stay
}
sync-note-hand-back-waits = { $count ->
    [one] { $count } record was handed over and leaves this laptop once your changes to it reach the coordinator: export a bundle
   *[other] { $count } records were handed over and leave this laptop once your changes to them reach the coordinator: export a bundle
}
duration-years = { $n ->
    [one] { $n } year
   *[other] { $n } years
}
duration-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
duration-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
devices-line = { $device }  { $trust }  { $worker }  key { $key }  bundles up to { $last }
devices-missing = missing bundles { $list }
devices-revoked = revoked by { $by } on { $when }: { $reason } (changes after number { $after } are refused)
devices-cloned = COPIED LAPTOP: { $why }; revoke its key
devices-clock-ahead = its clock was { $ahead } ahead
devices-set-aside = { $count ->
    [one] { $count } change set aside (`intake set-aside`)
   *[other] { $count } changes set aside (`intake set-aside`)
}
aside-none = No change is set aside.
aside-line = { $time }  { $worker } (device { $device })  record { $record }  { $field } = { $value }: { $reason }
aside-scope = not in that laptop's caseload
aside-registry = only the coordinator writes the device registry
aside-grant = only the coordinator hands out records
aside-field = not a field of this form
aside-value = not a value this field takes
aside-record-full = more written to one record than any case holds (4 MB)
init-created = Created the encrypted database { $path }
init-no-coordinator = No coordinator yet: bundles can be exported once it is set (`intake keys set-coordinator`).
keys-device = device          { $value }
keys-role = role            { $value }
keys-role-field = field laptop
keys-role-coordinator = coordinator
keys-worker = worker          { $value }
keys-campaign = campaign        { $value }
keys-signing = signing key     { $value }
keys-coordinator = coordinator     { $value }
keys-age-intro = age public key (whoever encrypts bundles to this computer uses it):
keys-enrolment-intro = enrolment string for the field laptops (`intake init --coordinator-key …` or `intake keys set-coordinator …`):
keys-coordinator-set = This laptop's coordinator is now device { $device } (key { $key }): bundles are encrypted to it, and only its return bundles are believed.
keys-identity-written = Wrote this computer's secret age identity to { $file } (owner-only). Anyone with this file can read bundles sent here: keep it safe, delete it when done.
keys-err-identity-file = cannot create { $file } (it must not exist yet)
keys-err-not-age = “{ $key }” is not an age public key (it starts with age1)
keys-err-no-escrow = { $key } is not an escrow key here (`intake keys escrow list` shows them)
keys-escrow-added = Every bundle from now on is also encrypted to { $key }.
keys-escrow-known = { $key } is an escrow key already.
keys-escrow-removed = Bundles from now on are no longer encrypted to { $key }.
keys-escrow-none = No escrow key: bundles are encrypted to the coordinator only.
setup-err-bare-age-key = an age key alone is not enough: paste the line starting intake-coordinator1 that `intake keys` shows on the coordinator's computer
config-err-escrow-moved = escrow-keys moved into the encrypted database: add each key with `intake keys escrow add KEY`, then delete this line
tui-conflict-ahead = written on a laptop whose clock was far ahead
tui-devices-reason = Why is this key revoked?
revoke-reason-lost = lost or stolen
revoke-reason-broken = broken
revoke-reason-left = its worker left
revoke-reason-replaced = replaced by { $device } (restored from a backup of { $made })
tui-key-cancel = cancel
tui-key-yes = yes
tui-key-no = no
tui-key-revoke-confirm = revoke the key
tui-clock-behind = This computer's clock is behind the newest change it has seen: check its date and time, or new work will be dated in the past.

# intake passphrase change
passphrase-prompt = Passphrase for { $path }:
passphrase-prompt-new = New passphrase for { $path }:
passphrase-prompt-new-again = The same new passphrase again:
passphrase-err-differ = the two passphrases differ; nothing was changed
passphrase-err-none = no passphrase: set INTAKE_PASSPHRASE, give --passphrase-file FILE, or run in a terminal
passphrase-err-empty = the passphrase is empty
passphrase-err-file = cannot read the passphrase file { $path }
passphrase-err-no-new = no new passphrase: give --new-passphrase-file FILE, or run in a terminal to type it
passphrase-err-same = the new passphrase is the one in use; nothing was changed
passphrase-err-in-use = another program has the database open (another Intake window?): close it and try again; nothing was changed
passphrase-err-disk-full = the disk is full: re-encrypting needs as much free space as the database takes; nothing was changed
passphrase-err-failed = the database could not be re-encrypted; it still opens with the old passphrase
passphrase-err-reopen = the passphrase was changed, but the database did not open again: start Intake again and type the new passphrase
passphrase-changed = The database { $path } now opens with the new passphrase only. Copies made earlier (backups) still open with the passphrase they were made with.
tui-key-passphrase = change the passphrase
tui-key-next-or-change = next field; on the last, change
tui-passphrase-title = new passphrase
tui-passphrase-intro = The database is re-encrypted under the new passphrase; from then on only the new one opens it. Close other Intake windows first. Backups made earlier keep the passphrase they were made with.
tui-passphrase-current = Passphrase in use
tui-passphrase-new = New passphrase
tui-passphrase-again = New passphrase again
tui-passphrase-working = Re-encrypting the database… (some seconds for 100,000 people; do not switch the laptop off)
tui-done-passphrase = The passphrase is changed: the database now opens with the new one only.

# intake retention
retention-set = Closed cases now keep their identifying data for { $months ->
    [one] { $months } month
   *[other] { $months } months
} after closing.
retention-due = { $count ->
    [0] No closed case is past the retention period ({ $months } months) on { $day }
    [one] { $count } closed case was closed more than { $months } months before { $day } and would be erased (closed on { $oldest })
   *[other] { $count } closed cases were closed more than { $months } months before { $day } and would be erased (the oldest closed on { $oldest })
}; { $kept } closed { $kept ->
    [one] case keeps
   *[other] cases keep
} its data.
retention-how = `intake retention --apply` erases them: identifying data removed, anonymous counts kept for the reports.
retention-applied = { $count ->
    [one] { $count } closed case erased
   *[other] { $count } closed cases erased
} (closed more than { $months } months ago): identifying data removed, anonymous counts kept; the erasure travels in the next bundles.
retention-err-months = the retention period must be 1 to { $max } months; nothing was changed

# intake backup, restore, keys recovery
backup-err-exists = { $path } exists already; nothing was overwritten
backup-err-disk-full = the disk is full: { $path } was not written
backup-err-io = { $path } could not be written or read
backup-err-not-backup = { $path } is not an Intake backup
backup-err-damaged = the backup { $path } is damaged: its database is missing or unreadable; nothing was restored
backup-err-passphrase = this passphrase does not open the backup { $path }: a backup keeps the passphrase it was made with
backup-err-no-slip = the backup { $path } was made without a recovery key: only its passphrase opens it
backup-err-identity = the recovery identity does not open the backup { $path }
backup-err-campaign = { $path } is a backup of campaign “{ $theirs }”, not “{ $ours }”; nothing was restored
backup-err-not-age = { $path } is not an age public key (age1…)
backup-written = Backup written to { $path } ({ $mb } MB). It opens with the passphrase in use now, even after the passphrase is changed.
backup-recoverable = The passphrase is in it too, encrypted to the organisation's recovery key: a forgotten passphrase loses nothing.
backup-not-recoverable = No recovery key is set (intake keys recovery set KEY): if the passphrase is forgotten, this backup cannot be opened.
restore-done = Restored to { $path } from the backup of { $made }. This laptop is now device { $device }, in place of { $replaced }: its first bundle tells the coordinator, which trusts it in one step (unless { $replaced } was revoked: then the coordinator confirms with `intake devices trust`).
restore-done-coordinator = Restored to { $path } from the backup of { $made }. This coordinator goes on as { $device }, in place of { $replaced }, with the same keys: laptops take its return bundles as before, and each one's next bundle brings back what it holds that this backup lacks. Make a return bundle for every laptop (`intake export --for DEVICE`), then import their bundles.
restore-rekeyed = The database now opens with the new passphrase.
recovery-set = Every backup from now on also carries the passphrase encrypted to { $key }.
recovery-removed = Backups no longer carry the passphrase for a recovery key.
recovery-none = No recovery key is set.
tui-key-backup = back up the database (to a USB stick)
tui-key-next-or-backup = next field, then back up
tui-backup-title = backup
tui-backup-intro = A backup is one encrypted file holding everything in this database. It opens with the passphrase in use now (and with the organisation's recovery key, if one is set). Keep it away from the laptop.
tui-backup-folder = Folder
tui-backup-working = Writing the backup… (some seconds for 100,000 people)
tui-backup-no-folder = { $path } is not a folder
tui-quit-backup = No backup for a while: b on the list makes one. q again quits.

# intake assign
assign-err-not-coordinator = only the coordinator assigns records to field laptops; nothing was changed
assign-err-revoked = device { $device } is revoked: nothing can be assigned to it; nothing was changed
assign-err-not-trusted = device { $device } is not trusted here yet: trust it (`intake devices trust`) before assigning it records; nothing was changed
assign-err-none = no record matches: nothing was assigned
assign-done = { $given ->
    [one] { $given } record assigned
   *[other] { $given } records assigned
} to device { $device }; { $already } already in its caseload{ $merged ->
    [0] {""}
   *[other] ; { $merged } of its changes kept aside until now are merged
}. Its next return bundle (`intake export --for DEVICE`) carries them whole.
assign-err-store = the database could not be written; nothing was assigned
retention-err-store = the database could not be written; nothing was erased
retention-err-disk-full = the disk holding the database is full; nothing was erased

# intake handover
handover-err-same = a hand-over goes from one laptop to another, not to the same one; nothing was changed
handover-done = The caseload of { $from } ({ $count } records; { $given } new to it) now belongs to { $to }: its next return bundle (`intake export --for DEVICE`) carries them whole, with every change as its maker signed it. Revoke { $from } first if it was lost (`intake devices revoke`).
sync-note-succeeds = { $who }: a new laptop in place of { $old } (restored from a backup of { $made }), trusted on that laptop's signature and given its caseload; the old laptop's key is revoked
sync-why-succession = its claim to replace another device is not signed by that device's key, or names another device than the sender
sync-why-holds = what it says the coordinator holds is not a list of runs of change numbers
sync-quarantined-successor = It says it is a laptop restored from a backup of { $old } ({ $made }), whose key is revoked or was copied: trust it only if you know that laptop was restored, since whoever holds the old laptop holds its key too.
tui-key-handover = hand over its cases
tui-key-handover-choose = choose who takes them
tui-key-reason-choose = choose the reason
tui-key-handover-confirm = hand over
tui-handover-ask = Hand the cases of { $from } over to { $to } ({ $who })?
tui-handover-done = { $count } records: { $from } → { $to }; its next return bundle carries them.
tui-handover-running = Handing the cases of { $from } over to { $to }…
tui-handover-none = This device has no cases to hand over.
tui-handover-nobody = No other trusted laptop could take these cases: trust the new one first.
tui-record-assigned = Assigned to this laptop by { $who } on { $day }

# intake attach / intake attachment
attach-done = Attached { $file } to record { $record }: { $what }.
attach-done-known = Attached { $file } to record { $record }: { $what } (the same file was attached before: it is kept once).
attach-pixels = { $width }×{ $height } px
attach-pages = { $pages ->
    [one] { $pages } page
   *[other] { $pages } pages
}
attach-kb = { $kb } KB
attach-list-none = Record { $record } has no attachments.
attach-col-id = id
attach-col-name = file
attach-col-what = type, size
attach-col-document = document
attach-col-added = added by, when
attach-exported = Wrote { $count ->
    [one] one copy
   *[other] { $count } copies
} to { $dir } (recorded in the audit trail):
attach-limit = The largest file accepted is { $mb } MB.
attach-err-type = { $file } is not a JPEG, PNG, TIFF or PDF file (told by its content, not its name); nothing was attached
attach-err-size = { $file } is larger than { $max } MB, the campaign's limit (`intake attachment limit`); nothing was attached
attach-err-image = { $file } is damaged or cannot be read as an image; nothing was attached
attach-err-pdf = { $file } is damaged or cannot be read as a PDF; nothing was attached
attach-err-pdf-encrypted = { $file } is protected by a password: save it without one and attach it again; nothing was attached
attach-err-tiff-pages = { $file } holds several pages: scan them into one PDF, or attach each page; nothing was attached
attach-err-empty = { $file } is empty; nothing was attached
attach-err-read = { $file } cannot be read ({ $reason }); nothing was attached
attach-err-consent = record { $record } has no consent recorded: a scan identifies the person, so it can be kept only after consent; nothing was attached
attach-err-erased = record { $record } was erased: nothing identifying can be added to it
attach-err-document = record { $record } has no document entry { $entry }; nothing was attached
attach-err-none = record { $record } has no attachment { $attachment } (give the first characters of its id as `intake attachment list` shows them)
attach-err-limit = the limit must be 1 to { $max } MB; nothing was changed
attach-err-note = the note is longer than { $max } characters; nothing was attached
attach-err-write = cannot write { $file } ({ $reason }); what was written of it was removed

sync-why-attachment-hash = attachment { $number } does not have the hash it is sent under
sync-why-attachment-kind = attachment { $number } is not a JPEG, PNG or PDF
sync-why-attachment-size = attachment { $number } says it is empty or larger than { $max } MB
sync-why-header-wants = the list of attachments the sender lacks is not a list of hashes
sync-why-header-audit = its audit entries are too many or malformed

# intake document / intake request-sent
document-basis = Legal basis
document-col-id = template
document-col-title = title
document-done = Wrote { $file } (recorded in the audit trail). Check it and adjust it before signing.
document-request-added = A draft request { $entry } was added to record { $record }; when it is sent: `intake request-sent { $record } { $entry }`.
document-sent = Request { $entry } marked sent on { $date }; the reply is now the case's next action.
document-next-reply = Reply from the { $to } due
document-err-template = there is no template { $id } (`intake document --list` shows them)
document-err-fled = refused: record { $record } is a refugee or asylum-seeker, or fears persecution by that state. A request to its consulate could put the person or their family in danger; nothing was written
document-err-consent = record { $record } has no consent recorded: no document with the person's data can be made; nothing was written
document-err-erased = record { $record } was erased: no document can be made from it
document-err-render = the document could not be made ({ $reason }); nothing was written
document-err-write = cannot write { $file } ({ $reason }); nothing was recorded
document-err-request = record { $record } has no request { $entry }
template-err-refused = { $count ->
    [one] A template is broken; no document is made until it is fixed:
   *[other] { $count } problems in the templates; no document is made until they are fixed:
}
template-err-toml = not a template file ({ $reason })
template-err-id = the id “{ $id }” must be the file's name (“{ $file }”), of a–z, 0–9 and -
template-err-version = the version must be 1
template-err-request = “{ $value }” is not an addressee of the form's requests
template-err-refuse = “{ $value }” is not a refusal rule (only fled-state)
template-err-empty = an empty text
template-err-no-blocks = the template has no blocks
template-err-style = “{ $style }” is not a block style (addressee, heading, paragraph, fields, list, signature, note)
template-err-fields = a fields block needs a list of fields
template-err-field = “{ $name }” is not a field of the form
template-err-group = “{ $name }” is not a repeat group of the form
template-err-group-outside = “{ $name }” belongs to a repeat group: name it in a list block of that group
template-err-option = this option does not apply to the block's style
template-err-language = the text is missing in Russian or Kazakh
template-err-brace = a brace that does not close a placeholder
template-err-read = the file cannot be read ({ $reason })

# Paperwork (record view: d, a, c; form: Ctrl-F)
tui-key-letter = letter
tui-key-attach = attach scans
tui-key-copies = copies of scans
tui-key-attach-start = attach
tui-key-back-record = back to the record
tui-key-copies-write = write the copies
tui-key-letter-write = make it
tui-key-letter-format = DOCX / PDF
tui-attach-title = Attach scans and photos
tui-attach-intro = The folder of a camera card, a scanner or a stick. JPEG, PNG, TIFF and PDF files are listed (told by their content). Tab chooses files; Enter attaches the chosen ones, or all. Location and device data are removed; the files stay where they are.
tui-attach-empty = No scan or photo in this folder.
tui-attach-none = Nothing to attach.
tui-attach-done = ✓ { $file } attached ({ $size } KB).
tui-copies-title = Copies of the attachments
tui-copies-intro = Copies are written in plain form to the folder below, for a person or an authority who needs them: choose a place only you can reach (your own stick), and delete them when done. Each copy is recorded in the audit trail. Enter writes them.
tui-copies-empty = This record has no attachments.
tui-written = → { $file }
tui-letter-title = A letter or application from the record
tui-letter-intro = Choose a template (↑ ↓) and the format (Tab); Enter writes it to the folder below, named after the template and the day. Check and adjust it before signing.
tui-letter-format = Format: { $format }
tui-letter-request = A draft request was added to the case; mark it sent in the form (Requests) when it goes.
tui-templates-broken = A document template is broken: `intake document --list` says where.
tui-record-more-attachments = … and { $count } more (`c` lists them)
template-err-large = larger than { $kb } KB
sync-why-attachment-unnamed = attachment { $number } is not the file any of its changes names (or not of that size)
tui-record-attachment = attached

## A crash: one sentence, never its message
crash-report = Intake stopped on an internal error. What was saved stays saved; a report for the developers (it holds no personal data) is in { $path }.
crash-no-report = Intake stopped on an internal error. What was saved stays saved.

## intake audit
audit-intact = The audit trail is intact: { $entries } entries, none changed or removed.
audit-broken = The audit trail was tampered with: entry { $number } ({ $time }), or one just before it, was changed or removed.
audit-col-time = Time (UTC)
audit-col-worker = Worker
audit-col-action = Action
audit-col-detail = Detail

## intake recipients
recipients-err-name = A recipient needs a name of 1 to { $max } characters, on one line.
recipients-err-key = That is not an age public key: it starts with age1 (the recipient makes it with age-keygen).
recipients-err-taken = There is already a recipient named { $name }; remove it first to change its key or purpose.
recipients-err-none = There is no recipient named { $name } (intake recipients list shows them).
recipients-added = { $name } added: exports to them are encrypted to their key. They receive: { $purpose }.
recipients-removed = { $name } removed: no export can be made for them any more.
recipients-col-name = Name
recipients-col-purpose = Receives
recipients-col-key = Age public key
recipients-col-added = Added (UTC)
recipients-purpose-authority = people who agreed to sharing with an authority
recipients-purpose-unhcr = people who agreed to sharing with UNHCR
recipients-purpose-partner = people who agreed to legal assistance
recipients-purpose-internal = everyone (the organisation's own staff)
## export-table for a recipient
export-table-err-file = { $path } is a file; a CSV export is a folder of files (records.csv and one per group).
export-table-err-folder = { $path } is a folder; an export for a recipient is one encrypted file: give its name.
export-table-plaintext = Unencrypted export with every record, for your own use only: it is noted in the audit trail. Give --to RECIPIENT for anyone else.
export-table-sealed = Encrypted to { $name }: they open it with age -d -i their-key.txt.
export-table-no-consent = { $count ->
    [one] { $count } record left out: no consent is recorded (a referral list) or it was refused.
   *[other] { $count } records left out: no consent is recorded (referral lists) or it was refused.
}
export-table-declined = { $count ->
    [one] { $count } record left out: the person did not agree to this. The export holds: { $purpose }.
   *[other] { $count } records left out: the people did not agree to this. The export holds: { $purpose }.
}
export-table-authority = Authority the people agreed to, as they named it: { $authority } — { $count }.
export-table-authority-unnamed = (not named)

## export-table --deidentified: k-anonymity
export-other-oblast = another region
export-other-country = another country
export-table-kanon = Every combination of sex, birth year, country of birth, region and category is shared by at least { $k } { $k ->
    [one] person
   *[other] people
}: { $generalised ->
    [one] { $generalised } cell
   *[other] { $generalised } cells
} generalised, { $suppressed ->
    [one] { $suppressed } person
   *[other] { $suppressed } people
} suppressed (rarer even so).
export-table-err-sealed-xlsx = An export for a recipient is one encrypted zip of CSV files (a workbook would be written in plaintext on the way): give --format csv.

## intake erase: the records of the same person
erase-linked = Record { $record } is confirmed as the same person as { $others }: their data is this person's too.
erase-linked-ask = Erase those records too? Nothing is erased otherwise. [y/N]{" "}
erase-linked-refused = Nothing was erased: give --all-linked to erase every record of this person, or undo a wrong link first (intake duplicates undo).

## intake person-report
person-report-title = Everything Intake holds about { $name }
person-report-record = Record { $record }, as of { $date }.
person-report-erased = The identifying data of this record was erased (consent withdrawn); only anonymous counts remain.
person-report-attachments = Attachments (document scans and photos)
person-report-exports = To whom this data was exported, and when
person-report-export-line = { $when } · { $what } · { $to } · { $author }
person-report-export-what = { $action ->
    [export-table] a table of records
    [person-report] a report like this one
    [attachment-exported] a copy of an attachment
    [document-generated] a letter or application made from the record
   *[other] { $action }
}
person-report-export-to = to { $recipient }, encrypted to them
person-report-export-file = a file on the organisation's computer, not encrypted
person-report-drafts = Answers typed in the form and not saved yet
person-report-set-aside = Changes received from laptops and set aside, not applied to the record ({ $count }; the newest 50 shown)
person-report-linked = Other records confirmed as the same person (each has its own report): { $records }
person-report-history = Every change, oldest first: when (UTC), who, what, from → to
person-report-none = none
person-report-not-agreed = { $name } receives only { $purpose }, and this person did not agree to that: nothing was written.
person-report-err-write = Cannot write { $path }: { $reason }. Nothing was written.
person-report-plaintext = Unencrypted: hand it to the person or print it, and delete the file after. This is noted in the audit trail.
person-report-written = Written to { $path } (recorded in the audit trail).
erase-not-scrubbed = The erasure is done, but another Intake window keeps old pages of the database in use: close it; until the next erasure or import, the erased values may remain in the database journal.
erase-unfinished = A person whose data was erased ({ $erased }) is confirmed as the same person as { $held }, which still holds their data: erase it too (intake erase { $first } --all-linked --reason "…").
erase-quarantine-failed = Bundles of laptops not trusted yet could not be looked into: they may still hold changes to the erased person (intake devices list shows them).
erase-quarantine-dropped = { $count ->
    [one] { $count } bundle of a laptop not trusted yet held changes to the erased person and was dropped; the laptop sends them again once trusted, and the erasure then keeps only the anonymous counts
   *[other] { $count } bundles of laptops not trusted yet held changes to the erased person and were dropped; the laptops send them again once trusted, and the erasure then keeps only the anonymous counts
}
person-report-erased-retention = The identifying data of this record was erased by the retention rule for closed cases; only anonymous counts remain.
