# Intake: сообщения командной строки (русский).

records-count = { $count ->
    [one] { $count } запись
    [few] { $count } записи
   *[many] { $count } записей
}

import-done = Импортировано: { $count ->
    [one] { $count } запись
    [few] { $count } записи
   *[many] { $count } записей
} ({ $ops } изменений) из { $file }.
import-skipped-known = Пропущено строк, импортированных ранее (тот же номер или те же имя и дата рождения): { $count }; строки { $lines }.
import-skipped-invalid = Пропущено строк с ошибками: { $count } (см. выше).
import-refused = Строк с ошибками: { $bad } из { $total }, поэтому ничего не импортировано; исправьте их или добавьте --skip-invalid, чтобы импортировать остальные строки

row-error = строка { $line }: { $field }: { $reason }

err-sex = «{ $value }» — не пол (укажите female или male)
err-date = «{ $value }» — не дата (формат ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД)
err-future = { $value } — дата в будущем
err-too-old = { $value } — возраст больше 110 лет
err-name = «{ $value }» — не имя (только буквы, пробелы, дефисы и апострофы)
err-latin-name = «{ $value }» нужно написать латиницей
err-region = «{ $value }» — неизвестная область или город (укажите название или код, например KZ-75)
err-iin = «{ $value }» — неверный ИИН (12 цифр с правильной контрольной цифрой)
err-iin-birth = ИИН { $value } не совпадает с датой рождения
err-iin-sex = ИИН { $value } не совпадает с полом
err-text = текст длиннее { $max } символов или содержит управляющие символы
err-no-name = нет ни одного имени (укажите фамилию, имя или отчество)
err-reference-repeat = «{ $value }» уже есть в строке { $line }
err-row-cells = в строке ячеек: { $cells }, в заголовке: { $columns }
