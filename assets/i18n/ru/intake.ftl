# Intake: сообщения командной строки (русский).

records-handed-back-line = { $id }  передана { $when }  { $oblast } · { $sex } · { $status }
records-handed-back-count = { $count ->
    [one] { $count } запись передана: на этом ноутбуке остались только её анонимные счётчики
    [few] { $count } записи переданы: на этом ноутбуке остались только их анонимные счётчики
   *[many] { $count } записей передано: на этом ноутбуке остались только их анонимные счётчики
}
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

import-lines-more = { $lines } и ещё { $more }
csv-read = не удаётся прочитать { $file }: { $reason }
csv-not-utf8 = строка { $line } — не текст UTF-8; сохраните список как «CSV UTF-8» и повторите
csv-empty = файл пуст; первая строка должна называть столбцы (reference, surname, …)
csv-unknown-column = неизвестный столбец «{ $column }»; допустимые столбцы: { $columns }
csv-duplicate-column = столбец «{ $column }» указан в заголовке дважды
csv-phone = столбец «phone» нельзя импортировать: номер телефона хранится только с согласием человека на повторный контакт, данным на интервью
csv-no-name-column = в заголовке нет столбца с именем (surname, given_name, patronymic, surname_latin или given_name_latin)
csv-malformed = строка { $line }: CSV повреждён (проверьте кавычки)
csv-changed = файл изменился во время импорта, поэтому ничего не импортировано; повторите
io-not-found = такого файла нет
io-permission = нет доступа
io-directory = это папка, а не файл
io-other = файл не удалось прочитать

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
err-precision = «{ $value }» — недостаточно точно для этого поля
err-phone = «{ $value }» — не номер телефона (формат +7 701 234 5678 или 8 701 234 56 78)
err-integer = «{ $value }» — не целое число
err-range = { $value } — вне диапазона { $min }–{ $max }
err-choice = «{ $value }» — нет среди вариантов
err-country = «{ $value }» — неизвестная страна (укажите название или код, например UZ)
err-language = «{ $value }» — неизвестный язык (укажите название или код, например ru)
err-yes-no = «{ $value }» — не «да» и не «нет»
err-link = «{ $value }» — не идентификатор записи
err-required = обязательное поле
err-entries-min = { $min ->
    [one] нужна хотя бы { $min } запись
    [few] нужны хотя бы { $min } записи
   *[many] нужно хотя бы { $min } записей
}
err-entries-max = { $max ->
    [one] допускается не больше { $max } записи
    [few] допускается не больше { $max } записей
   *[many] допускается не больше { $max } записей
}

## Определения форм (intake form check)
form-check-ok = { $file }: форма «{ $id }», версия { $version }: разделов — { $sections }, полей — { $fields }, повторяющихся групп — { $groups }, правил — { $rules }; проблем не найдено.
form-check-failed = { $count ->
    [one] { $count } ошибка
    [few] { $count } ошибки
   *[many] { $count } ошибок
} в { $file }; форма не использована.
form-err-read = не удаётся прочитать файл: { $reason }
form-err-toml = неверный файл формы: { $reason }
form-err-messages = не удаётся разобрать файл сообщений: { $reason }
form-err-expression = не удаётся разобрать выражение «{ $expr }»: { $reason }
form-err-unknown-name = «{ $name }» в «{ $expr }» — не поле этой формы
form-err-unknown-function = «{ $name }» в «{ $expr }» — неизвестная функция
form-err-unknown-field = «{ $id }» — не поле этой формы
form-err-level = уровень «{ $value }» должен быть error или warning
form-err-type = «{ $value }» — не тип поля (используйте один из: { $types })
form-err-precision = «{ $value }» — не точность даты (используйте day, month, year, estimated)
form-err-script = письменность «{ $value }» должна быть latin или any
form-err-option = «{ $option }» не применяется к полю «{ $id }» типа { $type }
form-err-nested-repeat = повторяющаяся группа «{ $id }» находится внутри другой повторяющейся группы
form-err-calculate-in-group = поле «{ $id }» внутри повторяющейся группы не может быть вычисляемым (вычисляются только поля верхнего уровня)
form-err-fields-in-field = у поля «{ $id }» есть собственные поля, но это не повторяющаяся группа
form-err-empty-group = в повторяющейся группе «{ $id }» нет полей
form-err-duplicate = «{ $id }» определено дважды
form-err-id = «{ $id }» — недопустимый идентификатор (строчные латинские буквы, цифры и _, в начале буква)
form-err-builtin = «{ $id }» — встроенное имя, оно не может быть идентификатором поля
form-err-empty-list = список вариантов «{ $id }» пуст
form-err-no-list = у поля выбора «{ $id }» не указан список вариантов
form-err-unknown-list = поле «{ $id }» использует список вариантов «{ $list }», которого нет
form-err-max-length = поле «{ $id }» может принимать не более { $max } символов
form-err-bounds = у поля «{ $id }» минимум больше максимума
form-err-default = значение по умолчанию поля «{ $id }» не подходит для этого поля
form-err-missing-field = в форме нет поля «{ $id }» типа { $type }, которое нужно программе
form-err-field-type = поле «{ $id }» должно быть типа { $type }
form-err-status-list = список вариантов поля status должен совпадать с этапами дела: { $statuses }
form-err-sex-list = список вариантов поля sex должен содержать female и male
form-err-translation = нет сообщения «{ $key }» для языка { $lang }

## Настройки
config-err = { $file }: { $reason }

## intake check
check-record = { $id } { $name } — { $status }: { $count ->
    [0] проблем нет
    [one] { $count } проблема
    [few] { $count } проблемы
   *[many] { $count } проблем
}
check-draft = черновик: обязательные поля пока не проверяются
check-error = { "  " }✗ { $place }: { $message }
check-warning = { "  " }! { $place }: { $message }
check-summary = Проверено { $count ->
    [one] { $count } дело
    [few] { $count } дела
   *[many] { $count } дел
}: с ошибками — { $errors }, только с предупреждениями — { $warnings }.

## Терминальный интерфейс
tui-key-language = язык
tui-key-redraw = перерисовать экран
tui-key-unlock = открыть
tui-key-quit = выйти
tui-key-search = поиск
tui-key-up = предыдущая строка
tui-key-down = следующая строка
tui-key-page-up = предыдущая страница
tui-key-page-down = следующая страница
tui-key-top = первая строка
tui-key-bottom = последняя строка
tui-key-help = справка
tui-key-keep-search = оставить поиск
tui-key-clear-search = сбросить поиск
tui-key-close = закрыть
tui-key-next-field = следующее поле
tui-key-prev-field = предыдущее поле
tui-key-next-or-create = дальше / создать
tui-key-create = создать базу данных
tui-setup-title = первый запуск
tui-setup-intro = Добро пожаловать. Здесь Intake настраивается на этом компьютере: зашифрованная база данных в { $path } и ключи этого ноутбука. Заполните поля; Tab — дальше.
tui-setup-role = Роль
tui-setup-role-field = полевой ноутбук
tui-setup-role-coordinator = координатор
tui-setup-worker = Ваше имя
tui-setup-org = Организация
tui-setup-campaign = Кампания
tui-setup-key = Строка регистрации координатора
tui-setup-passphrase = Парольная фраза
tui-setup-again = Ещё раз
tui-setup-optional = (необязательно)
tui-yes = да
tui-no = нет
tui-form-unnamed = новая запись
tui-form-entries = { $count ->
    [one] { $count } запись
    [few] { $count } записи
   *[many] { $count } записей
}
tui-form-store-first = Сначала ответьте на вопрос: запись появляется с первым сохранённым ответом.
tui-error-save = Изменение не сохранилось; см. журнал. Введённое не потеряно.
tui-key-new = новая запись
tui-key-open = открыть
tui-key-next-section = следующий раздел
tui-key-prev-section = предыдущий раздел
tui-key-save = сохранить
tui-key-back = к списку
tui-key-open-similar = открыть запись, похожую на этого же человека
tui-form-similar = { $sex ->
    [female] Уже записана?
   *[other] Уже записан?
} { $name }, род. { $born } ({ $id }) — Ctrl-O откроет
tui-key-edit = править
tui-key-status = перевести дело
tui-key-history-up = история вверх
tui-key-history-down = история вниз
tui-record-next = Следующее действие
tui-key-close-case = закрыть дело (спросит причину)
tui-key-undo-status = отменить последний перевод дела (спросит)
tui-key-delete-record = удалить запись (спросит)
tui-key-close-with-reason = закрыть дело по этой причине
tui-key-not-closed = не закрывать дело
tui-ask-status = Перевести дело из «{ $from }» в «{ $to }»? y: да, n: нет
tui-ask-undo-status = Отменить последний перевод: из «{ $from }» обратно в «{ $to }»? y: да, n: нет
tui-ask-delete-record = Удалить эту запись (человек записан по ошибке или дважды)? Её история сохранится. y: да, n: нет
tui-record-undo = u вернуть «{ $status }»
tui-record-closing = Почему дело закрывается? ↑↓ выбор, Enter закрывает, Esc: не закрывать
tui-record-nothing-to-undo = У этого дела нет перевода, который можно отменить.
tui-done-record-deleted = Запись удалена; её история сохранена.
tui-ask-resolve = Решить «{ $field }» в пользу «{ $value }» ({ $who })? Другие значения останутся в истории. y: да, n: нет
tui-ask-remove-entry = Удалить «{ $entry }» вместе с содержимым? История сохранится. y: да, n: нет
tui-ask-revoke = Отозвать ключ { $who } ({ $key }), причина: { $reason }? Сделанные изменения останутся, последующие будут отклоняться здесь и на всех ноутбуках. y: да, n: нет
tui-key-form-back = к записи
status-short-identified = выявлено
status-short-intake_done = анкета
status-short-assessed = оценка
status-short-gathering_documents = сбор док.
status-short-filed = подано
status-short-awaiting_foreign_reply = ждём ответа
status-short-decision = решение
status-short-appeal = обжалование
status-short-documented = док. выдан
status-short-follow_up = наблюдение
status-short-closed = закрыто
tui-form-emptied = Поле «{ $field }» оставлено пустым: значение «{ $was }» удалено (введите его снова, чтобы вернуть; в истории оно сохранено).
history-what-duplicates = Проверка дублей
history-linked-same = подтверждено: тот же человек, что в записи …{ $record }
history-linked-different = отмечено: другой человек, чем в записи …{ $record }
history-linked-undone = решение о записи …{ $record } отменено
history-what-erasure = Стирание
history-erased = идентифицирующие данные стёрты: { $reason }
history-erased-retention = идентифицирующие данные стёрты по правилу хранения закрытых дел
history-erased-none = отметка о стирании снята
history-what-record = Запись
history-deleted = удалена (записана по ошибке или дважды)
history-kept = сохранена (удаление отменено)
history-what-caseload = Закрепление
history-granted = передана ноутбуку …{ $device }
history-taken-back = отозвана у ноутбука …{ $device }
history-entry-removed = удалено
history-entry-kept = сохранено (удаление отменено)
history-what-source = Источник
history-what-anon-sex = Анонимный счёт: пол
history-what-anon-age-band = Анонимный счёт: возрастная группа
history-what-anon-category = Анонимный счёт: категория
history-value-referral_list = список направлений
history-value-demo = демонстрационные данные
history-value-unknown = неизвестно
history-value-yes = да
history-value-no = нет
history-title = { $count ->
    [one] Запись { $record }: { $count } изменение
    [few] Запись { $record }: { $count } изменения
   *[many] Запись { $record }: { $count } изменений
}
history-col-time = время (UTC)
history-col-author = кто
history-col-op = устройство:изменение
history-col-what = что
history-col-how = было → стало
store-err-wrong-passphrase = Неверная парольная фраза для { $path }.
store-err-exists = База данных { $path } уже существует; Intake никогда её не перезаписывает.
store-err-missing = Базы данных { $path } нет; создайте её командой intake init.
store-err-bad-passphrase = Парольная фраза пуста: введите ту, с которой создана эта база.
store-err-too-new = База { $path } записана более новой версией Intake; обновите Intake, чтобы открыть её.
store-err-no-profile = У этой базы ещё нет профиля; создайте его командой intake init.
store-err-profile-exists = У этой базы уже есть профиль.
store-err-no-record = Записи { $record } нет.
store-err-ambiguous = { $record } подходит к нескольким записям; укажите больше символов номера.
store-err-equivocation = Изменение { $op } пришло повторно с другим содержимым; ничего не изменено.
store-err-damaged = Базу не удалось прочитать или записать как следует; ничего не изменено. Сделайте копию папки данных и сообщите координатору.
store-err-upgrade = Базу не удалось обновить до этой версии Intake; ничего не изменено.
store-err-disk-full = Диск с базой данных заполнен: освободите место; ничего не изменено.
io-err-not-found = Такого файла или папки нет.
io-err-permission = Этот компьютер не разрешает чтение или запись в этом месте.
io-err-full = Диск заполнен: освободите место или выберите другой диск.
io-err-exists = Файл с таким именем уже есть; Intake его не перезаписывает.
io-err-directory = Это папка, а не файл.
io-err-not-directory = Это файл, а не папка.
io-err-damaged = Файл повреждён или обрезан.
io-err-other = Файл не удалось прочитать или записать.
edit-err-assignment = «{ $text }» — не ПОЛЕ=ЗНАЧЕНИЕ (например, surname=Дуйсенова).
edit-err-field = «{ $field }» — не поле анкеты.
edit-err-not-in-conflict = В поле «{ $field }» записи { $record } нет противоречия (intake conflicts перечисляет поля с противоречиями).
erase-err-reason = Укажите причину стирания в --reason (например, "согласие отозвано 20.11.2026").
erase-err-erased = Запись { $record } уже стёрта.
dedup-err-same-record = { $record } указана дважды: укажите две разные записи.
report-err-xlsx-terminal = Книгу Excel нельзя вывести в терминал: укажите --out ФАЙЛ.xlsx.
demo-progress = { $done } / { $total } человек
demo-added = Добавлено людей: { $people }, изменений: { $ops }, за { $secs } с: { $rate } человек/с, { $op_rate } изменений/с.
cli-err-unknown-argument = У этой команды нет { $arg }.
cli-err-unknown-command = Команды «{ $command }» нет.
cli-err-invalid-value = «{ $value }» — не значение для { $arg }; возможные: { $valid }.
cli-err-value = «{ $value }» — не значение для { $arg }.
cli-err-missing = Этой команде нужно { $arg }.
cli-err-missing-command = Укажите команду.
cli-err-conflict = { $arg } нельзя указывать вместе с { $other }.
cli-err-values = Для { $arg } указано неверное число значений.
cli-err-other = Командную строку не удалось прочитать.
cli-err-help = intake --help перечисляет команды; intake КОМАНДА --help — что каждая принимает (справка на английском).
cli-want-score = Нужна оценка от 0 до 1, например 0.85.
cli-want-status = Нужен статус дела, один из: { $all }.
cli-want-count = Нужно число от 2, например 5.
cli-want-date = Нужна дата в виде ГГГГ-ММ-ДД, например 2026-06-30.
cli-want-size = Нужен размер не меньше 1M, например 700M или 4G.
tui-record-move = Перевести в
tui-record-problems = { $count ->
    [one] { $count } проблема в анкете (e — править)
    [few] { $count } проблемы в анкете (e — править)
   *[many] { $count } проблем в анкете (e — править)
}
tui-record-conflict = противоречащие правки
tui-record-history = История, сначала новое ({ $count ->
    [one] { $count } изменение
    [few] { $count } изменения
   *[many] { $count } изменений
})
tui-form-add-entry = Ctrl-N добавит, Ctrl-D удалит текущую
tui-key-add-entry = добавить запись в группу
tui-key-remove-entry = удалить эту запись
tui-unlock-title = вход
tui-unlock-intro = Введите парольную фразу для { $path }.
tui-locked = Заблокировано после простоя. Введите парольную фразу, чтобы продолжить.
tui-passphrase = Парольная фраза
tui-wrong-passphrase = Неверная парольная фраза. Попробуйте ещё раз.
tui-error-open = Базу данных не удаётся открыть; см. журнал.
tui-error-read = Список не удаётся прочитать; см. журнал.
tui-help-title = Клавиши
tui-records-more = больше { $count } записей
tui-list-title = дела
tui-search = поиск
tui-search-hint = нажмите / и введите имя любым алфавитом
tui-list-empty = Записей пока нет.
tui-list-no-match = Никто не найден.
tui-col-name = Имя
tui-col-latin = Латиницей
tui-col-born = Рождение
tui-col-oblast = Область
tui-col-status = Статус
tui-col-next = След.

## Настройка нового устройства (intake init, первый запуск)
setup-err-worker = имя сотрудника: от 1 до 100 символов, без управляющих символов
setup-err-org = организация: от 1 до 100 символов, без управляющих символов
setup-err-campaign = кампания: не больше 100 символов, без управляющих символов
setup-err-role = выберите роль: ноутбук полевого сотрудника или координатор
setup-err-key-on-coordinator = ключ координатора нужен полевым ноутбукам; у координатора свой ключ
setup-err-key = это не строка регистрации координатора, или в ней ошибка: вставьте всю строку, начинающуюся с intake-coordinator1 (или оставьте пустым, чтобы добавить позже)
setup-err-weak-keyboard = парольная фраза — ряд клавиш, такие пробуют первыми; возьмите несколько не связанных слов
setup-err-weak-repeats = в парольной фразе повторы, её легко угадать; возьмите несколько не связанных слов
setup-err-weak-sequence = парольная фраза — последовательность вроде abc или 123, её легко угадать; возьмите несколько не связанных слов
setup-err-weak-common = это один из самых распространённых паролей; возьмите несколько не связанных слов
setup-err-weak-similar = это распространённый пароль с небольшими изменениями, их тоже пробуют; возьмите несколько не связанных слов
setup-err-weak-dates = даты и годы легко угадать; возьмите несколько не связанных слов
setup-err-weak-word = одно слово легко угадать; возьмите несколько не связанных слов
setup-err-weak-names = имена и фамилии легко угадать; возьмите несколько не связанных слов
setup-err-weak-short = парольную фразу слишком легко угадать, а потерянный ноутбук защищён ровно настолько: возьмите три-четыре не связанных слова
setup-err-mismatch = парольные фразы не совпадают; введите их ещё раз
setup-err-exists = база данных уже есть в { $path }; Intake никогда её не перезаписывает
setup-err-store = не удалось создать базу данных; см. журнал
tui-key-form-enter = следующее поле; в поле с вариантами: показать их
tui-key-option-up = предыдущий вариант
tui-key-option-down = следующий вариант
tui-key-pick = выбрать
tui-key-cancel-pick = закрыть список
tui-picker-none = нет варианта, начинающегося с «{ $typed }»
tui-picker-more = … ещё { $count }: печатайте, чтобы сузить
tui-picker-hint = Enter покажет варианты; ввод сужает список
tui-key-mine = только записанные мной (ещё раз: все)
tui-key-overdue = только просроченные действия (ещё раз: все)
tui-key-status-filter = только следующий статус (после последнего: все)
tui-key-status-filter-back = только предыдущий статус
tui-key-order = порядок: недавние правки, след. действие, имя
tui-filter-mine = мои
tui-filter-overdue = просрочено
tui-order-next-action = по след. действию
tui-order-name = по имени
tui-quit-unsaved = В анкете есть несохранённый текст (останется черновиком). Ещё раз q — выйти.
tui-key-import = импорт пакетов
tui-key-conflicts = поля с противоречиями
tui-key-devices = устройства, приславшие пакеты
tui-key-import-start = импорт (выбранных файлов или всех)
tui-key-import-choose = выбрать файл
tui-key-candidate-next = следующее значение
tui-key-candidate-prev = предыдущее значение
tui-key-resolve = принять значение
tui-key-resolve-edit = править запись
tui-key-trust = доверять (принять ожидающие пакеты)
tui-key-revoke = отозвать доверие
tui-import-title = импорт пакетов
tui-import-folder = Папка
tui-import-files = { $count ->
    [one] { $count } пакет (Tab — выбрать; ничего не выбрано — все)
    [few] { $count } пакета (Tab — выбрать; ничего не выбрано — все)
   *[many] { $count } пакетов (Tab — выбрать; ничего не выбрано — все)
}
tui-import-none = В этой папке нет пакетов для импорта.
tui-import-progress = { $done } из { $total }
tui-import-done = { $count ->
    [one] Готово: { $count } пакет. Esc или Enter — назад.
    [few] Готово: { $count } пакета. Esc или Enter — назад.
   *[many] Готово: { $count } пакетов. Esc или Enter — назад.
}
tui-import-merged = ✓ { $file }: принят — новых изменений { $ops }, новых записей { $records }, новых противоречий { $conflicts }
tui-import-already = = { $file }: уже импортирован, ничего не изменилось
tui-import-quarantined = ? { $file }: устройству { $device } ({ $who }) ещё не доверяют (ключ { $key }); отложен как есть — D покажет устройства
tui-import-refused = ✗ { $file }: { $reason }
tui-conflicts-title = { $count ->
    [one] { $count } поле с противоречием
    [few] { $count } поля с противоречиями
   *[many] { $count } полей с противоречиями
}
tui-conflicts-none = Противоречий нет.
tui-devices-title = { $count ->
    [one] { $count } устройство
    [few] { $count } устройства
   *[many] { $count } устройств
}
tui-devices-none = Пакетов сюда ещё не присылали.
tui-devices-merged = { $count ->
    [one] Доверие установлено; принят { $count } ожидавший пакет.
    [few] Доверие установлено; принято { $count } ожидавших пакета.
   *[many] Доверие установлено; принято { $count } ожидавших пакетов.
}
tui-devices-key = ключ
tui-devices-received = получены пакеты до номера { $last }
tui-devices-missing = нет { $list }
tui-trust-trusted = доверенное
tui-trust-unknown = не проверено
tui-trust-revoked = отозвано
tui-conflict-deletion = удалена на одном ноутбуке, изменена на другом
tui-conflict-deleted = удалить запись
tui-conflict-kept = оставить запись ({ $field }: { $value })
sync-wrote = Записан { $file }: пакет № { $number } этого ноутбука, изменений: { $ops }{ $attachments ->
    [0] {""}
   *[other] , вложений: { $attachments }
}, зашифрован для { $to }.
sync-wrote-return = Записан { $file }: ответный пакет для устройства { $device }, изменений: { $ops }{ $attachments ->
    [0] {""}
   *[other] , вложений: { $attachments }
}, с квитанцией, зашифрован для { $to }.
sync-trusted-new = ДОВЕРИЕ НОВОМУ УСТРОЙСТВУ: { $who } (--trust-new-devices)
sync-merged = { $file }: принят — новых изменений { $ops }, записей новых { $new } и изменённых { $updated }, новых противоречий { $conflicts }, уже известных изменений { $known }.
sync-already = { $file }: уже импортирован; ничего не изменилось.
sync-quarantined = { $file }: от { $who }, которому ещё не доверяют; отложен как есть, не распакован. Сверьте ключ с `intake keys` на ноутбуке, затем `intake devices trust { $device }`.
sync-device-trusted = Устройству { $device } доверяют; принято ожидавших пакетов: { $bundles } (новых изменений { $ops }).
sync-device-revoked = Ключ устройства { $device } отозван: его изменения до номера { $after } остаются, более поздние отклоняются здесь и — когда возвратные пакеты донесут отзыв — на каждом ноутбуке.
edit-set = Запись { $record }: изменено полей: { $count }.
edit-resolved = Запись { $record }: { $field } — противоречие снято.
edit-erased = Запись { $record }: идентифицирующие данные стёрты; область, пол, возрастная группа, категория и статус сохранены.
edit-deleted = Запись { $record } удалена; её история остаётся в журнале.
dedup-count-clusters = Пар: { $count } в группах, похожих на одного человека: { $clusters } (среди записей: { $records }); пар, оставленных раздельно: { $apart } (их покажет `--all`).
dedup-confirmed = { $a } и { $b } связаны как один человек (обе записи и их история остаются; `intake duplicates undo` отменит).
dedup-rejected = { $a } и { $b } — разные люди; эта пара больше не будет предлагаться.
dedup-undone = Решение о { $a } и { $b } отменено.
tui-key-duplicates = записи, похожие на одного человека
tui-dup-cluster = Один человек в { $count } записях: { $names }.
tui-dup-apart = Оставлены раздельно: объединение этой пары сделало бы одним человеком непохожие записи; решите здесь.
tui-key-same = один человек
tui-key-different = разные люди
tui-key-undo-verdict = отменить
tui-key-next-pair = следующая пара
tui-key-prev-pair = предыдущая пара
tui-dup-searching = ищу записи, похожие на одного человека…
tui-dup-title = пара { $n } из { $count }
tui-dup-none = Пар для проверки не осталось.
tui-dup-same = один человек (связаны)
tui-dup-different = разные люди
tui-dup-score = Оценка
tui-dup-reasons = Почему
tui-dup-surname = Фамилия
tui-dup-given = Имя
tui-dup-patronymic = Отчество
tui-dup-latin = Латиницей
tui-dup-born = Рождение
tui-dup-sex = Пол
tui-dup-place = Место рожд.
tui-dup-iin = ИИН
tui-dup-reference = Номер
dedup-reason-names = имена
dedup-reason-names-swapped = имена переставлены
dedup-reason-single-name = одно имя
dedup-reason-birth-date = дата рождения
dedup-reason-birth-year = год рождения
dedup-reason-day-month-swapped = день и месяц переставлены
dedup-reason-year-1 = год ±1
dedup-reason-days-apart = разница в несколько дней
dedup-reason-fathers-name-as-surname = имя отца вместо фамилии
dedup-reason-not-birth-date = ≠ дата рождения
dedup-reason-sex = пол
dedup-reason-not-sex = ≠ пол
dedup-reason-patronymic = отчество
dedup-reason-not-patronymic = ≠ отчество
dedup-reason-birth-place = место рождения
dedup-reason-not-birth-place = ≠ место рождения
dedup-reason-parent = родитель
dedup-reason-iin = ИИН
dedup-reason-not-iin = ≠ ИИН
dedup-reason-document = документ
tui-key-help-down = ещё клавиши
tui-key-help-up = обратно вверх
tui-help-more = ещё { $count } (↓)

## Отчёты (`intake report`, экран отчётов) и `export-table`
report-title = Кампания по безгражданству: статистика
report-as-of = Положение на { $date }
report-period = Движение с { $from } по { $to }
report-suppressed = Числа меньше { $limit } скрыты (показаны как «<{ $limit }»): отчёт может быть передан за пределы организации.
report-people = Выявлено людей
report-of-concern = В сфере компетенции УВКБ ООН (гражданство не подтверждено)
report-overdue = Открытые дела с просроченным следующим шагом
report-median-days_to_filing = Медиана дней от выявления до подачи документов
report-median-days_to_decision = Медиана дней от выявления до решения
report-median-value = { $days } ({ $cases ->
    [one] { $cases } дело
    [few] { $cases } дела
   *[many] { $cases } дел
})
report-records = Прочитано записей
report-duplicates-merged = Другие записи уже учтённого человека
report-statistics-refused = Не учтены: нет согласия на статистику
report-identified-later = Выявлены после { $date }
report-total = Всего
report-share = Доля
report-unknown = Не указано
report-no-claim = Притязание не указано
report-category-nationality_confirmed = Гражданство подтверждено
report-outcome-citizenship_confirmed = Гражданство Казахстана подтверждено
report-outcome-citizenship_acquired = Гражданство приобретено
report-outcome-other_nationality_confirmed = Подтверждено гражданство другого государства
report-outcome-documented_stateless = Документирован как лицо без гражданства
report-outcome-refugee_recognised = Признан беженцем
report-outcome-births_registered = Рождение зарегистрировано
report-outcome-rejected_or_appeal = Отказ или обжалование
report-outcome-pending_over_6_months = В работе более 6 месяцев
report-outcome-pending = В работе (до 6 месяцев)
report-outcome-closed_without_outcome = Закрыто без решения
report-outcome-consent_refused = Дела нет: согласие не дано (анонимный учёт)
report-outcome-consent_withdrawn = Согласие отозвано (данные удалены)
report-status-no_case = Дела нет: согласие не дано
report-col-people = Люди
report-col-cases = Дела
report-col-open = Открыто
report-col-overdue = Просрочено
report-col-identified = Выявлено впервые
report-col-filed = Подано заявлений
report-col-decided = Решения
report-col-resolved = Решено (гражданство подтверждено или приобретено)
report-table-by_category = Люди по категориям
report-table-by_outcome = Результаты
report-table-by_status = Дела по статусу
report-table-by_oblast = Люди по областям и городам
report-table-by_sex_and_age = Люди по возрасту и полу
report-table-by_birth_country = Люди по стране рождения
report-table-by_claimed_nationality = Заявленное гражданство (у человека может быть несколько)
report-table-by_profile = Люди по профилю
report-table-by_specific_needs = Особые потребности (у человека может быть несколько)
report-table-flows = Движение за период
report-table-decisions_by_outcome = Решения за период по результату
report-table-by_worker = Дела по сотрудникам
report-dim-category = Категория
report-dim-outcome = Результат
report-dim-status = Статус
report-dim-oblast = Область или город
report-dim-sex = Пол
report-dim-age_band = Возраст
report-dim-country = Страна
report-dim-profile = Профиль
report-dim-need = Потребность
report-dim-worker = Сотрудник
report-dim-measure = Показатель
report-written = Отчёт записан в { $path }.
export-table-written = Записано { $records ->
    [one] { $records } запись
    [few] { $records } записи
   *[many] { $records } записей
} и { $entries ->
    [one] { $entries } строка групп
    [few] { $entries } строки групп
   *[many] { $entries } строк групп
} в { $path } (листов: { $sheets }).
export-col-record = Запись
export-col-recorded-by = Записал(а)
export-col-entry = Строка
export-col-file = Файл
export-col-type = Тип
export-col-bytes = Байт
export-col-sha256 = SHA-256
export-col-document = Строка документа
export-col-age-band = Возраст сегодня
tui-key-reports = статистика кампании и отчёты
tui-key-chart-next = следующая диаграмма
tui-key-chart-prev = предыдущая диаграмма
tui-key-hide-small = скрыть малые числа (для передачи)
tui-key-write-xlsx = записать XLSX
tui-key-write-html = записать HTML
tui-rep-reading = Читаю записи…
tui-rep-hidden = числа меньше { $limit } скрыты
export-table-left-out = { $count ->
    [one] { $count } запись не выгружена: человек не дал согласия на анонимную статистику.
    [few] { $count } записи не выгружены: люди не дали согласия на анонимную статистику.
   *[many] { $count } записей не выгружено: люди не дали согласия на анонимную статистику.
}
tui-rep-not-written = Отчёт не записан

## Синхронизация, формат 2: кто что прислал, отказы, заметки, устройства, ключи
sync-sender = { $worker } (ключ { $key }, устройство { $device })
sync-refused = отклонён: { $reason }
sync-refused-from = отклонён, от { $from }: { $reason }
sync-refused-count = Отклонено пакетов: { $refused } из { $total }; ни одно их изменение не попало в базу
sync-err-not-a-bundle = этот файл не является пакетом Intake
sync-err-wrong-recipient = этот пакет зашифрован другим ключом, не ключом этого компьютера (может быть, он для другого координатора?)
sync-err-damaged = пакет повреждён или обрезан (скопируйте его у отправителя ещё раз)
sync-err-format = пакет в формате { $format }, а эта версия Intake читает только { $ours }: выгрузите его заново той же версией Intake, что у координатора
sync-err-too-large = в пакете есть часть размером { $bytes } байт — больше, чем принимает Intake
sync-err-header = заголовок пакета повреждён ({ $reason })
sync-err-signature = подпись пакета не совпадает с содержимым: его изменили после создания
sync-err-payload = данные пакета не совпадают с хешем в подписанном заголовке: их изменили или повредили
sync-err-ops = изменения в пакете записаны неверно ({ $reason })
sync-err-io = не удалось прочитать или записать пакет ({ $reason })
sync-err-store = база данных не смогла принять пакет ({ $reason }); ничего не изменено
sync-err-db-full = диск с базой данных заполнен: ничего не импортировано
sync-err-key = не удалось прочитать ключи этого компьютера
sync-err-bare-age-key = одного ключа age недостаточно: вставьте строку, начинающуюся с intake-coordinator1, которую показывает `intake keys` на компьютере координатора
sync-err-mistyped = это не строка регистрации координатора, или в ней ошибка: вставьте заново всю строку, начинающуюся с intake-coordinator1
sync-err-no-coordinator = у этого ноутбука ещё нет координатора: добавьте его командой `intake keys set-coordinator`, вставив строку intake-coordinator1 из `intake keys` координатора
sync-err-campaign = пакет относится к кампании «{ $theirs }», а эта база — к «{ $ours }»
sync-err-key-mismatch = он подписан не тем ключом, который зарегистрирован для этого устройства
sync-err-revoked = ключ этого устройства отозван, поэтому его пакеты отклоняются
sync-err-for-another = этот возвратный пакет предназначен устройству { $device }, а не этому ноутбуку
sync-err-not-trusted = устройству { $device } здесь не доверяют; сначала доверьтесь ему (`intake devices trust`), потом отправляйте
sync-err-not-for-us = в заголовке пакета ключ этого компьютера не указан среди получателей
sync-err-from-here = этот пакет создан на этом компьютере
sync-err-not-coordinator = полевой ноутбук принимает только возвратные пакеты своего координатора
sync-err-impostor = пакет называет себя пакетом координатора этого ноутбука, но подписан не ключом координатора
sync-err-return-to-coordinator = возвратный пакет предназначен полевому ноутбуку, а не координатору
sync-err-forged = { $what }: пакет подделан или повреждён
sync-err-fork = { $what }: ноутбук скопировали или его ключ в чужих руках; отзовите ключ командой `intake devices revoke`
sync-err-stopped = импорт остановился, не дойдя до конца: ничего не импортировано
sync-err-changed-meanwhile = база данных изменилась, пока записывался пакет: выгрузите его ещё раз
sync-why-header-json = его невозможно прочитать
sync-why-header-no-key = в нём не указан ключ подписи
sync-why-header-key = его ключ подписи недействителен
sync-why-header-fields = одно из его полей отсутствует или имеет неверное значение
sync-why-header-fingerprint = отпечаток ключа не совпадает с ключом
sync-why-header-sections = в нём должен быть ровно один раздел изменений
sync-why-header-worker = имя сотрудника длиннее { $max } символов
sync-why-header-age-key = его ключ шифрования — не ключ age
sync-why-bundle-number = номер пакета равен 0 или больше { $max }
sync-why-line = строка { $line } записана неверно
sync-why-plain-bytes = изменений { $bytes } байт, а в заголовке указано { $said }
sync-why-op-count = изменений { $ops }, а в заголовке указано { $said }
sync-why-ranges = изменения образуют больше диапазонов, чем { $said } в заголовке
sync-why-last-line = последняя строка не закончена
sync-why-run-cut = серия изменений { $first }–{ $last } устройства { $device } обрывается раньше конца
sync-why-statement-shape = заявление устройства { $device } об изменениях { $first }–{ $last } составлено неверно
sync-why-run-order = серии изменений идут не по порядку
sync-why-statement-key = заявление устройства { $device } об изменениях { $first }–{ $last } подписано не ключом этого устройства
sync-why-outside-run = изменение стоит вне подписанного заявления
sync-why-tree = изменение или поддерево устройства { $device } стоит не на своём месте в серии { $first }–{ $last }
sync-why-other-device = изменение { $seq } устройства { $device } стоит в серии другого устройства
sync-why-value = значение изменения { $seq } устройства { $device } невозможно прочитать
sync-why-no-seal = у изменения { $seq } устройства { $device } нет печати
sync-why-not-signed = изменения { $first }–{ $last } устройства { $device } — не те, что оно подписало
sync-why-parents = изменение { $seq } устройства { $device } ссылается на слишком много предыдущих изменений
sync-why-seq-range = у изменения { $seq } устройства { $device } номер вне допустимых пределов
sync-why-far-future = изменение { $seq } устройства { $device } датировано позже 6000 года
sync-why-author = у изменения { $seq } устройства { $device } слишком длинное имя автора
sync-why-false-erasure = изменение { $seq } устройства { $device } помечено как стёртое, но не стёрто
sync-cloned-two-bundles = пришли два разных пакета с номером { $bundle }
sync-cloned-broken-chain = пакет { $bundle } не продолжает пакет { $before }
sync-cloned-two-ops = записаны два разных изменения с номером { $seq }
sync-cloned-two-histories = подписаны две разные истории (изменения { $first }–{ $last } и { $other_first }–{ $other_last })
sync-cloned-noted = обнаружились две истории
sync-err-receipt = его квитанция подтверждает изменения, которые этот ноутбук не отправлял (до номера { $upto })
sync-err-redaction = в нём стёрты значения записи, которая не стиралась
sync-err-holds-erased = он пришёл с ноутбука, которому ещё не доверяют, и содержит изменения данных человека, чьи данные здесь стёрты, поэтому не сохранён; доверьтесь ноутбуку (`intake devices trust`) и импортируйте пакет снова
sync-err-no-device = устройство { $device } здесь неизвестно (`intake devices list` покажет все)
sync-err-ambiguous-device = { $device } подходит к нескольким устройствам; укажите больше символов
sync-err-exists = { $file } уже существует; укажите новое имя файла
sync-err-no-file = { $file }: такого файла нет
sync-err-disk-full = диск с { $file } заполнен: пакет не записан
sync-err-write = не удалось записать { $file } ({ $reason }): пакет не записан
sync-clock-behind = Часы этого компьютера отстают на { $behind } от самого нового изменения, которое он видел: проверьте дату и время, иначе новые изменения будут датированы прошлым.
sync-note-cloned = внимание: { $who } — скопированный ноутбук ({ $why }); отзовите его ключ командой `intake devices revoke`
sync-note-missing = { $count ->
    [one] нет пакета { $list } от { $who }
   *[other] нет пакетов { $list } от { $who }
}; ничего не потеряно, следующие пакеты несут их изменения
sync-note-clock-ahead = часы устройства { $device } спешили на { $ahead } относительно этого компьютера: его изменения сохранены, а каждое поле, которое они решают, показано среди конфликтов
sync-note-set-aside = { $count ->
    [one] { $count } изменение отложено и не внесено (вне дел устройства или значение, которое форма не принимает): его покажет `intake set-aside`
    [few] { $count } изменения отложены и не внесены (вне дел устройства или значения, которые форма не принимает): их покажет `intake set-aside`
   *[other] { $count } изменений отложено и не внесено (вне дел устройства или значения, которые форма не принимает): их покажет `intake set-aside`
}
sync-note-unknown-origin = { $count ->
    [one] { $count } изменение, сделанное на незарегистрированном здесь устройстве, пропущено
    [few] { $count } изменения, сделанные на незарегистрированных здесь устройствах, пропущены
   *[other] { $count } изменений, сделанных на незарегистрированных здесь устройствах, пропущено
}
sync-note-after-revocation = { $count ->
    [one] { $count } изменение, сделанное после отзыва ключа устройства, отклонено
    [few] { $count } изменения, сделанные после отзыва ключа устройства, отклонены
   *[other] { $count } изменений, сделанных после отзыва ключа устройства, отклонено
}
sync-note-acknowledged = координатор хранит изменения этого ноутбука до номера { $upto }
sync-note-coordinator-restored = { $who } восстановлен из резервной копии от { $made } и продолжает работу с теми же ключами: этот ноутбук следует за ним, и его следующий пакет вернёт то, чего нет в копии
sync-note-handed-back = { $count ->
    [one] { $count } запись возвращена координатору: её имена, даты и документы удалены с этого ноутбука, остались только анонимные счётчики
    [few] { $count } записи возвращены координатору: их имена, даты и документы удалены с этого ноутбука, остались только анонимные счётчики
   *[many] { $count } записей возвращено координатору: их имена, даты и документы удалены с этого ноутбука, остались только анонимные счётчики
}
sync-note-hand-back-waits = { $count ->
    [one] { $count } запись передана и уйдёт с этого ноутбука, когда ваши изменения в ней дойдут до координатора: выгрузите пакет
    [few] { $count } записи переданы и уйдут с этого ноутбука, когда ваши изменения в них дойдут до координатора: выгрузите пакет
   *[many] { $count } записей передано и уйдут с этого ноутбука, когда ваши изменения в них дойдут до координатора: выгрузите пакет
}
duration-years = { $n ->
    [one] { $n } год
    [few] { $n } года
   *[other] { $n } лет
}
duration-days = { $n ->
    [one] { $n } день
    [few] { $n } дня
   *[other] { $n } дней
}
duration-hours = { $n ->
    [one] { $n } час
    [few] { $n } часа
   *[other] { $n } часов
}
devices-line = { $device }  { $trust }  { $worker }  ключ { $key }  пакеты до { $last }
devices-missing = нет пакетов { $list }
devices-revoked = отозван: { $by }, { $when }: { $reason } (изменения после номера { $after } отклоняются)
devices-cloned = СКОПИРОВАННЫЙ НОУТБУК: { $why }; отзовите его ключ
devices-clock-ahead = его часы спешили на { $ahead }
devices-set-aside = { $count ->
    [one] { $count } изменение отложено (`intake set-aside`)
    [few] { $count } изменения отложены (`intake set-aside`)
   *[other] { $count } изменений отложено (`intake set-aside`)
}
aside-none = Отложенных изменений нет.
aside-line = { $time }  { $worker } (устройство { $device })  запись { $record }  { $field } = { $value }: { $reason }
aside-scope = не из дел этого ноутбука
aside-registry = реестр устройств ведёт только координатор
aside-grant = передавать записи может только координатор
aside-field = такого поля нет в форме
aside-value = поле не принимает такое значение
aside-record-full = в одну запись записано больше, чем вмещает любое дело (4 МБ)
init-created = Создана зашифрованная база данных { $path }
init-no-coordinator = Координатора пока нет: пакеты можно выгружать, когда он будет задан (`intake keys set-coordinator`).
keys-device = устройство     { $value }
keys-role = роль           { $value }
keys-role-field = полевой ноутбук
keys-role-coordinator = координатор
keys-worker = сотрудник      { $value }
keys-campaign = кампания       { $value }
keys-signing = ключ подписи   { $value }
keys-coordinator = координатор    { $value }
keys-age-intro = открытый ключ age (им шифрует пакеты тот, кто отправляет их на этот компьютер):
keys-enrolment-intro = строка регистрации для полевых ноутбуков (`intake init --coordinator-key …` или `intake keys set-coordinator …`):
keys-coordinator-set = Координатор этого ноутбука теперь — устройство { $device } (ключ { $key }): пакеты шифруются для него, и принимаются только его возвратные пакеты.
keys-identity-written = Секретный ключ age этого компьютера записан в { $file } (доступ только владельцу). Любой, у кого есть этот файл, прочтёт пакеты, отправленные сюда: храните его надёжно и удалите, когда он больше не нужен.
keys-err-identity-file = не удалось создать { $file } (его ещё не должно быть)
keys-err-not-age = «{ $key }» — не открытый ключ age (он начинается с age1)
keys-err-no-escrow = { $key } здесь не ключ депонирования (`intake keys escrow list` покажет все)
keys-escrow-added = С этого момента каждый пакет шифруется и для { $key }.
keys-escrow-known = { $key } уже ключ депонирования.
keys-escrow-removed = С этого момента пакеты больше не шифруются для { $key }.
keys-escrow-none = Ключей депонирования нет: пакеты шифруются только для координатора.
setup-err-bare-age-key = одного ключа age недостаточно: вставьте строку, начинающуюся с intake-coordinator1, которую показывает `intake keys` на компьютере координатора
config-err-escrow-moved = escrow-keys перенесены в зашифрованную базу данных: добавьте каждый ключ командой `intake keys escrow add KEY`, затем удалите эту строку
tui-conflict-ahead = записано на ноутбуке, часы которого сильно спешили
tui-devices-reason = Почему отзывается этот ключ?
revoke-reason-lost = утерян или украден
revoke-reason-broken = сломан
revoke-reason-left = работник ушёл
revoke-reason-replaced = заменён устройством { $device } (восстановлено из резервной копии от { $made })
tui-key-cancel = отмена
tui-key-yes = да
tui-key-no = нет
tui-key-revoke-confirm = отозвать ключ
tui-clock-behind = Часы этого компьютера отстают от самого нового изменения, которое он видел: проверьте дату и время, иначе новая работа будет датирована прошлым.

# intake passphrase change
passphrase-prompt = Парольная фраза для { $path }:
passphrase-prompt-new = Новая парольная фраза для { $path }:
passphrase-prompt-new-again = Та же новая парольная фраза ещё раз:
passphrase-err-differ = парольные фразы не совпадают; ничего не изменено
passphrase-err-none = нет парольной фразы: задайте INTAKE_PASSPHRASE, укажите --passphrase-file ФАЙЛ или запустите в терминале
passphrase-err-empty = парольная фраза пуста
passphrase-err-file = не удалось прочитать файл с парольной фразой { $path }
passphrase-err-no-new = нет новой парольной фразы: укажите --new-passphrase-file ФАЙЛ или запустите в терминале, чтобы ввести её
passphrase-err-same = новая парольная фраза совпадает с нынешней; ничего не изменено
passphrase-err-in-use = базу данных держит открытой другая программа (ещё одно окно Intake?): закройте её и повторите; ничего не изменено
passphrase-err-disk-full = диск заполнен: для перешифрования нужно столько же свободного места, сколько занимает база; ничего не изменено
passphrase-err-failed = базу данных не удалось перешифровать; она по-прежнему открывается старой парольной фразой
passphrase-err-reopen = парольная фраза изменена, но база данных не открылась снова: запустите Intake ещё раз и введите новую парольную фразу
passphrase-changed = База данных { $path } теперь открывается только новой парольной фразой. Копии, сделанные раньше (резервные), открываются той фразой, с которой были сделаны.
tui-key-passphrase = сменить парольную фразу
tui-key-next-or-change = далее; на последнем — сменить
tui-passphrase-title = новая парольная фраза
tui-passphrase-intro = База данных будет перешифрована новой парольной фразой; после этого её открывает только новая. Сначала закройте другие окна Intake. Резервные копии, сделанные раньше, открываются той фразой, с которой были сделаны.
tui-passphrase-current = Нынешняя фраза
tui-passphrase-new = Новая фраза
tui-passphrase-again = Новая фраза ещё раз
tui-passphrase-working = База данных перешифровывается… (несколько секунд на 100 000 человек; не выключайте ноутбук)
tui-done-passphrase = Парольная фраза изменена: теперь база открывается только новой.

# intake retention
retention-set = Закрытые дела теперь хранят персональные данные { $months ->
    [one] { $months } месяц
    [few] { $months } месяца
   *[many] { $months } месяцев
} после закрытия.
retention-due = { $count ->
    [0] На { $day } нет закрытых дел старше срока хранения ({ $months } мес.)
    [one] { $count } закрытое дело закрыто больше { $months } мес. до { $day } и будет стёрто (закрыто { $oldest })
    [few] { $count } закрытых дела закрыты больше { $months } мес. до { $day } и будут стёрты (самое давнее закрыто { $oldest })
   *[many] { $count } закрытых дел закрыты больше { $months } мес. до { $day } и будут стёрты (самое давнее закрыто { $oldest })
}; закрытых дел, сохраняющих данные: { $kept }.
retention-how = `intake retention --apply` сотрёт их: персональные данные будут удалены, обезличенные счётчики останутся для отчётов.
retention-applied = { $count ->
    [one] Стёрто { $count } закрытое дело
    [few] Стёрто { $count } закрытых дела
   *[many] Стёрто { $count } закрытых дел
} (закрыты больше { $months } мес. назад): персональные данные удалены, обезличенные счётчики сохранены; стирание уйдёт в следующих пакетах.
retention-err-months = срок хранения должен быть от 1 до { $max } месяцев; ничего не изменено

# intake backup, restore, keys recovery
backup-err-exists = { $path } уже есть; ничего не перезаписано
backup-err-disk-full = диск заполнен: { $path } не записан
backup-err-io = не удалось записать или прочитать { $path }
backup-err-not-backup = { $path } — не резервная копия Intake
backup-err-damaged = резервная копия { $path } повреждена: базы данных в ней нет или она не читается; ничего не восстановлено
backup-err-passphrase = эта парольная фраза не открывает резервную копию { $path }: копия открывается той фразой, с которой была сделана
backup-err-no-slip = резервная копия { $path } сделана без ключа восстановления: её открывает только её парольная фраза
backup-err-identity = ключ восстановления не открывает резервную копию { $path }
backup-err-campaign = { $path } — резервная копия кампании «{ $theirs }», а не «{ $ours }»; ничего не восстановлено
backup-err-not-age = { $path } — не открытый ключ age (age1…)
backup-written = Резервная копия записана в { $path } ({ $mb } МБ). Она открывается нынешней парольной фразой, даже если фразу потом сменить.
backup-recoverable = В ней есть и парольная фраза, зашифрованная ключом восстановления организации: забытая фраза ничего не погубит.
backup-not-recoverable = Ключ восстановления не задан (intake keys recovery set КЛЮЧ): если забыть парольную фразу, эту копию не открыть.
restore-done = Восстановлено в { $path } из резервной копии от { $made }. Этот ноутбук теперь устройство { $device } вместо { $replaced }: его первый пакет сообщит об этом координатору, и тот доверится ему сразу (если только { $replaced } не отозван: тогда координатор подтверждает командой `intake devices trust`).
restore-done-coordinator = Восстановлено в { $path } из резервной копии от { $made }. Координатор продолжает работу как { $device } вместо { $replaced }, с теми же ключами: ноутбуки принимают его пакеты как прежде, и следующий пакет каждого вернёт то, что у него есть, а в этой копии нет. Подготовьте пакет для каждого ноутбука (`intake export --for DEVICE`), затем импортируйте их пакеты.
restore-rekeyed = Теперь база открывается новой парольной фразой.
recovery-set = Каждая резервная копия отныне несёт и парольную фразу, зашифрованную для { $key }.
recovery-removed = Резервные копии больше не несут парольную фразу для ключа восстановления.
recovery-none = Ключ восстановления не задан.
tui-key-backup = резервная копия базы (на флешку)
tui-key-next-or-backup = далее, затем копия
tui-backup-title = резервная копия
tui-backup-intro = Резервная копия — один зашифрованный файл со всем, что есть в этой базе. Она открывается нынешней парольной фразой (и ключом восстановления организации, если он задан). Храните её отдельно от ноутбука.
tui-backup-folder = Папка
tui-backup-working = Резервная копия записывается… (несколько секунд на 100 000 человек)
tui-backup-no-folder = { $path } — не папка
tui-quit-backup = Резервной копии давно нет: b на списке сделает её. Ещё раз q — выход.

# intake assign
assign-err-not-coordinator = передавать записи полевым ноутбукам может только координатор; ничего не изменено
assign-err-revoked = устройство { $device } отозвано: ему ничего нельзя передать; ничего не изменено
assign-err-not-trusted = устройству { $device } здесь ещё не доверяют: сначала доверьтесь ему (`intake devices trust`); ничего не изменено
assign-err-none = ни одна запись не подходит: ничего не передано
assign-done = Передано устройству { $device }: { $given }; уже были в его деле: { $already }{ $merged ->
    [0] {""}
   *[other] ; объединено его отложенных изменений: { $merged }
}. Следующий ответный пакет (`intake export --for УСТРОЙСТВО`) отвезёт их целиком.
assign-err-store = не удалось записать в базу данных; ничего не передано
retention-err-store = не удалось записать в базу данных; ничего не стёрто
retention-err-disk-full = диск с базой данных заполнен; ничего не стёрто

# intake handover
handover-err-same = передать дела можно только с одного ноутбука на другой, не на тот же; ничего не изменено
handover-done = Дела устройства { $from } (записей: { $count }; новых для получателя: { $given }) теперь у { $to }: его следующий ответный пакет (`intake export --for УСТРОЙСТВО`) отвезёт их целиком, каждое изменение с подписью автора. Если { $from } потерян, сначала отзовите его (`intake devices revoke`).
sync-note-succeeds = { $who }: новый ноутбук вместо { $old } (восстановлен из резервной копии от { $made }); ему доверяют по подписи того ноутбука и передают его дела; ключ старого ноутбука отозван
sync-why-succession = его заявление, что он заменяет другое устройство, не подписано ключом того устройства или называет не отправителя
sync-why-holds = то, что координатор якобы хранит, не является списком диапазонов номеров изменений
sync-quarantined-successor = Он называет себя ноутбуком, восстановленным из резервной копии { $old } ({ $made }), ключ которого отозван или скопирован: доверяйте ему, только если точно знаете, что тот ноутбук восстанавливали, — у того, кто держит старый ноутбук, есть и его ключ.
tui-key-handover = передать дела
tui-key-handover-choose = кому передать
tui-key-reason-choose = выбрать причину
tui-key-handover-confirm = передать
tui-handover-ask = Передать дела { $from } устройству { $to } ({ $who })?
tui-handover-done = Записей: { $count }, { $from } → { $to }; их отвезёт следующий ответный пакет.
tui-handover-running = Дела { $from } передаются устройству { $to }…
tui-handover-none = У этого устройства нет дел для передачи.
tui-handover-nobody = Нет другого доверенного ноутбука, которому передать дела: сначала доверьтесь новому.
tui-record-assigned = Передано на этот ноутбук: { $who }, { $day }

# intake attach / intake attachment
attach-done = { $file } прикреплён к записи { $record }: { $what }.
attach-done-known = { $file } прикреплён к записи { $record }: { $what } (этот же файл прикрепляли раньше: он хранится один раз).
attach-pixels = { $width }×{ $height } пикс.
attach-pages = { $pages } { $pages ->
    [one] страница
    [few] страницы
   *[other] страниц
}
attach-kb = { $kb } КБ
attach-list-none = У записи { $record } нет вложений.
attach-col-id = код
attach-col-name = файл
attach-col-what = тип, размер
attach-col-document = документ
attach-col-added = кто и когда добавил
attach-exported = Записано копий: { $count }, в { $dir } (отмечено в журнале аудита):
attach-limit = Наибольший принимаемый файл — { $mb } МБ.
attach-err-type = { $file } — не JPEG, PNG, TIFF и не PDF (определяется по содержимому, а не по имени); ничего не прикреплено
attach-err-size = { $file } больше { $max } МБ — предела кампании (`intake attachment limit`); ничего не прикреплено
attach-err-image = { $file } повреждён или не читается как изображение; ничего не прикреплено
attach-err-pdf = { $file } повреждён или не читается как PDF; ничего не прикреплено
attach-err-pdf-encrypted = { $file } защищён паролем: сохраните его без пароля и прикрепите снова; ничего не прикреплено
attach-err-tiff-pages = в { $file } несколько страниц: отсканируйте их в один PDF или прикрепите каждую страницу; ничего не прикреплено
attach-err-empty = { $file } пуст; ничего не прикреплено
attach-err-read = не удаётся прочитать { $file } ({ $reason }); ничего не прикреплено
attach-err-consent = у записи { $record } не записано согласие: скан указывает на человека, поэтому его можно хранить только после согласия; ничего не прикреплено
attach-err-erased = данные записи { $record } стёрты: добавить к ней ничего, что указывает на человека, нельзя
attach-err-document = у записи { $record } нет документа { $entry }; ничего не прикреплено
attach-err-none = у записи { $record } нет вложения { $attachment } (укажите первые символы его кода, как их показывает `intake attachment list`)
attach-err-limit = предел должен быть от 1 до { $max } МБ; ничего не изменено
attach-err-note = примечание длиннее { $max } знаков; ничего не прикреплено
attach-err-write = не удаётся записать { $file } ({ $reason }); записанная часть удалена

sync-why-attachment-hash = у вложения № { $number } не тот хеш, под которым оно прислано
sync-why-attachment-kind = вложение № { $number } — не JPEG, не PNG и не PDF
sync-why-attachment-size = вложение № { $number } пустое или, по его словам, больше { $max } МБ
sync-why-header-wants = список недостающих отправителю вложений — не список хешей
sync-why-header-audit = записи журнала аудита в нём слишком многочисленны или искажены

# intake document / intake request-sent
document-basis = Правовое основание
document-col-id = шаблон
document-col-title = название
document-done = Записан { $file } (отмечено в журнале аудита). Проверьте и поправьте его перед подписью.
document-request-added = К записи { $record } добавлен черновик запроса { $entry }; когда его отправят: `intake request-sent { $record } { $entry }`.
document-sent = Запрос { $entry } отмечен отправленным { $date }; ответ теперь — следующее действие по делу.
document-next-reply = Ждать ответа: { $to }
document-err-template = шаблона { $id } нет (список: `intake document --list`)
document-err-fled = отказано: запись { $record } — беженец или лицо, ищущее убежище, либо опасается преследования этим государством. Запрос в его консульство может подвергнуть опасности человека или его семью; ничего не записано
document-err-consent = у записи { $record } не записано согласие: документ с данными человека составить нельзя; ничего не записано
document-err-erased = данные записи { $record } стёрты: документ по ней составить нельзя
document-err-render = документ не удалось составить ({ $reason }); ничего не записано
document-err-write = не удаётся записать { $file } ({ $reason }); ничего не отмечено
document-err-request = у записи { $record } нет запроса { $entry }
template-err-refused = { $count ->
    [one] Шаблон повреждён; документы не составляются, пока его не исправят:
    [few] В шаблонах { $count } ошибки; документы не составляются, пока их не исправят:
   *[other] В шаблонах { $count } ошибок; документы не составляются, пока их не исправят:
}
template-err-toml = это не файл шаблона ({ $reason })
template-err-id = код «{ $id }» должен совпадать с именем файла («{ $file }»), из a–z, 0–9 и -
template-err-version = версия должна быть 1
template-err-request = «{ $value }» — не адресат запросов в анкете
template-err-refuse = «{ $value }» — не правило отказа (есть только fled-state)
template-err-empty = пустой текст
template-err-no-blocks = в шаблоне нет блоков
template-err-style = «{ $style }» — не вид блока (addressee, heading, paragraph, fields, list, signature, note)
template-err-fields = блоку fields нужен список полей
template-err-field = «{ $name }» — не поле анкеты
template-err-group = «{ $name }» — не повторяющаяся группа анкеты
template-err-group-outside = «{ $name }» входит в повторяющуюся группу: укажите его в блоке list этой группы
template-err-option = этот параметр не относится к виду блока
template-err-language = нет текста на русском или казахском
template-err-brace = скобка, которая не закрывает подстановку
template-err-read = файл не читается ({ $reason })

# Paperwork (record view: d, a, c; form: Ctrl-F)
tui-key-letter = письмо
tui-key-attach = прикрепить сканы
tui-key-copies = копии сканов
tui-key-attach-start = прикрепить
tui-key-back-record = к записи
tui-key-copies-write = записать копии
tui-key-letter-write = составить
tui-key-letter-format = DOCX / PDF
tui-attach-title = Прикрепить сканы и фото
tui-attach-intro = Папка карты фотоаппарата, сканера или флешки. Показаны файлы JPEG, PNG, TIFF и PDF (по содержимому). Tab выбирает файлы; Enter прикрепляет выбранные или все. Место съёмки и данные устройства удаляются; сами файлы остаются на месте.
tui-attach-empty = В этой папке нет сканов и фото.
tui-attach-none = Нечего прикреплять.
tui-attach-done = ✓ { $file } прикреплён ({ $size } КБ).
tui-copies-title = Копии вложений
tui-copies-intro = Копии записываются в открытом виде в папку ниже — для человека или органа, которому они нужны: выберите место, доступное только вам (свою флешку), и удалите их, когда они не нужны. Каждая копия отмечается в журнале аудита. Enter записывает их.
tui-copies-empty = У этой записи нет вложений.
tui-written = → { $file }
tui-letter-title = Письмо или заявление по записи
tui-letter-intro = Выберите шаблон (↑ ↓) и формат (Tab); Enter записывает документ в папку ниже под именем шаблона и даты. Проверьте и поправьте его перед подписью.
tui-letter-format = Формат: { $format }
tui-letter-request = К делу добавлен черновик запроса; когда его отправят, отметьте дату в анкете (Запросы).
tui-templates-broken = Шаблон документа повреждён: `intake document --list` покажет где.
tui-record-more-attachments = … и ещё { $count } (список — `c`)
template-err-large = больше { $kb } КБ
sync-why-attachment-unnamed = вложение № { $number } — не тот файл, который называет какое-либо из его изменений (или другого размера)
tui-record-attachment = прикреплён файл

## A crash: one sentence, never its message
crash-report = Intake остановилась из-за внутренней ошибки. Сохранённое не потеряно; отчёт для разработчиков (в нём нет персональных данных) — в { $path }.
crash-no-report = Intake остановилась из-за внутренней ошибки. Сохранённое не потеряно.

## intake audit
audit-intact = Журнал аудита не нарушен: записей — { $entries }, ни одна не изменена и не удалена.
audit-broken = Журнал аудита подделан: запись № { $number } ({ $time }) или одна из предыдущих изменена или удалена.
audit-col-time = Время (UTC)
audit-col-worker = Сотрудник
audit-col-action = Действие
audit-col-detail = Подробности

## intake recipients
recipients-err-name = У получателя должно быть имя от 1 до { $max } символов в одну строку.
recipients-err-key = Это не открытый ключ age: он начинается с age1 (получатель создаёт его командой age-keygen).
recipients-err-taken = Получатель { $name } уже есть; чтобы сменить ключ или цель, сначала удалите его.
recipients-err-none = Получателя { $name } нет (список: intake recipients list).
recipients-added = { $name } добавлен: выгрузки для него шифруются его ключом. Получает: { $purpose }.
recipients-removed = { $name } удалён: выгрузки для него больше не делаются.
recipients-col-name = Имя
recipients-col-purpose = Получает
recipients-col-key = Открытый ключ age
recipients-col-added = Добавлен (UTC)
recipients-purpose-authority = люди, согласившиеся на передачу данных государственному органу
recipients-purpose-unhcr = люди, согласившиеся на передачу данных УВКБ ООН
recipients-purpose-partner = люди, согласившиеся на юридическую помощь
recipients-purpose-internal = все (сотрудники своей организации)
## export-table for a recipient
export-table-err-file = { $path } — это файл; выгрузка CSV — это папка файлов (records.csv и по одному на каждую группу).
export-table-err-folder = { $path } — это папка; выгрузка для получателя — один зашифрованный файл: укажите его имя.
export-table-plaintext = Незашифрованная выгрузка со всеми записями, только для вашей работы: она отмечена в журнале аудита. Для других укажите --to ПОЛУЧАТЕЛЬ.
export-table-sealed = Зашифровано для { $name }: получатель открывает файл командой age -d -i свой-ключ.txt.
export-table-no-consent = { $count ->
    [one] Не выгружена { $count } запись: согласие не записано (список направлений) или получен отказ.
    [few] Не выгружены { $count } записи: согласие не записано (списки направлений) или получен отказ.
   *[other] Не выгружено { $count } записей: согласие не записано (списки направлений) или получен отказ.
}
export-table-declined = { $count ->
    [one] Не выгружена { $count } запись: человек на это не согласился. В выгрузке: { $purpose }.
    [few] Не выгружены { $count } записи: люди на это не согласились. В выгрузке: { $purpose }.
   *[other] Не выгружено { $count } записей: люди на это не согласились. В выгрузке: { $purpose }.
}
export-table-authority = Орган, на передачу которому люди согласились (как они его назвали): { $authority } — { $count }.
export-table-authority-unnamed = (не назван)

## export-table --deidentified: k-anonymity
export-other-oblast = другой регион
export-other-country = другая страна
export-table-kanon = Каждое сочетание пола, года рождения, страны рождения, региона и категории есть не менее чем у { $k } { $k ->
    [one] человека
   *[other] человек
}: обобщено ячеек — { $generalised }, скрыто людей — { $suppressed } (слишком редкие и после обобщения).
export-table-err-sealed-xlsx = Выгрузка для получателя — один зашифрованный zip-архив файлов CSV (книга Excel по дороге записывалась бы незашифрованной): укажите --format csv.

## intake erase: the records of the same person
erase-linked = Запись { $record } подтверждена как запись того же человека, что и { $others }: там данные того же человека.
erase-linked-ask = Стереть и эти записи? Иначе ничего не будет стёрто. [y/N]{" "}
erase-linked-refused = Ничего не стёрто: укажите --all-linked, чтобы стереть все записи этого человека, или сначала отмените ошибочную связь (intake duplicates undo).

## intake person-report
person-report-title = Все данные, которые Intake хранит о человеке: { $name }
person-report-record = Запись { $record }, на { $date }.
person-report-erased = Идентифицирующие данные этой записи стёрты (согласие отозвано); остались только анонимные счётчики.
person-report-attachments = Вложения (сканы и фотографии документов)
person-report-exports = Кому и когда передавались эти данные
person-report-export-line = { $when } · { $what } · { $to } · { $author }
person-report-export-what = { $action ->
    [export-table] таблица записей
    [person-report] такой же отчёт, как этот
    [attachment-exported] копия вложения
    [document-generated] письмо или заявление, составленное по записи
   *[other] { $action }
}
person-report-export-to = для { $recipient }, зашифровано для получателя
person-report-export-file = файл на компьютере организации, без шифрования
person-report-drafts = Ответы, набранные в форме и ещё не сохранённые
person-report-set-aside = Изменения, полученные с ноутбуков и отложенные, не внесены в запись ({ $count }; показаны последние 50)
person-report-linked = Другие записи, подтверждённые как записи того же человека (у каждой свой отчёт): { $records }
person-report-history = Все изменения, от первого: когда (UTC), кто, что, было → стало
person-report-none = нет
person-report-not-agreed = { $name } получает только: { $purpose }, а этот человек на это не согласился: ничего не записано.
person-report-err-write = Не удалось записать { $path }: { $reason }. Ничего не записано.
person-report-plaintext = Без шифрования: отдайте файл человеку или распечатайте и затем удалите его. Это отмечено в журнале аудита.
person-report-written = Записано в { $path } (отмечено в журнале аудита).
erase-not-scrubbed = Стирание выполнено, но другое окно Intake держит старые страницы базы: закройте его; до следующего стирания или импорта стёртые значения могут оставаться в журнале базы.
erase-unfinished = Данные человека стёрты ({ $erased }), но он подтверждён как тот же человек, что и { $held }, где его данные ещё хранятся: сотрите и их (intake erase { $first } --all-linked --reason "…").
erase-quarantine-failed = Не удалось проверить пакеты ноутбуков, которым ещё не доверяют: в них могут оставаться изменения данных стёртого человека (их показывает intake devices list).
erase-quarantine-dropped = { $count ->
    [one] { $count } пакет ноутбука, которому ещё не доверяют, содержал изменения данных стёртого человека и удалён; ноутбук пришлёт их снова, когда ему доверятся, и стирание оставит только анонимные счётчики
    [few] { $count } пакета ноутбуков, которым ещё не доверяют, содержали изменения данных стёртого человека и удалены; ноутбуки пришлют их снова, когда им доверятся, и стирание оставит только анонимные счётчики
   *[many] { $count } пакетов ноутбуков, которым ещё не доверяют, содержали изменения данных стёртого человека и удалены; ноутбуки пришлют их снова, когда им доверятся, и стирание оставит только анонимные счётчики
}
person-report-erased-retention = Идентифицирующие данные этой записи стёрты по правилу хранения закрытых дел; остались только анонимные счётчики.
