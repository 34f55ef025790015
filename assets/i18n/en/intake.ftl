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
