# Intake: командалық жол хабарлары (қазақша).

records-count = { $count } жазба

import-done = { $file } файлынан { $count } жазба импортталды ({ $ops } өзгеріс).
import-skipped-known = Бұрын импортталған { $count } жол өткізілді (нөмірі немесе аты мен туған күні бірдей): { $lines } жолдар.
import-skipped-invalid = Қатесі бар { $count } жол өткізілді (жоғарыда көрсетілген).
import-refused = { $total } жолдың { $bad } жолында қате бар, сондықтан ештеңе импортталмады; оларды түзетіңіз немесе қалған жолдарды импорттау үшін --skip-invalid қосыңыз

row-error = { $line }-жол: { $field }: { $reason }

err-sex = «{ $value }» жыныс емес (female немесе male деп жазыңыз)
err-date = «{ $value }» күн емес (ЖЖЖЖ, ЖЖЖЖ-АА немесе ЖЖЖЖ-АА-КК пішімі)
err-future = { $value } — болашақтағы күн
err-too-old = { $value } — жасы 110-нан асады
err-name = «{ $value }» есім емес (тек әріптер, бос орын, дефис және апостроф)
err-latin-name = «{ $value }» латын әріптерімен жазылуы керек
err-region = «{ $value }» — белгісіз облыс немесе қала (атауын немесе KZ-75 сияқты кодын жазыңыз)
err-iin = «{ $value }» — жарамсыз ЖСН (бақылау цифры дұрыс 12 цифр)
err-iin-birth = ЖСН { $value } туған күнмен сәйкес келмейді
err-iin-sex = ЖСН { $value } жынысымен сәйкес келмейді
err-text = мәтін { $max } таңбадан ұзын немесе басқару таңбалары бар
err-no-name = бірде-бір есім жоқ (тегін, атын немесе әкесінің атын жазыңыз)
err-reference-repeat = «{ $value }» { $line }-жолда бар
err-row-cells = жолда { $cells } ұяшық, тақырыпта { $columns }
err-precision = «{ $value }» бұл өріс үшін жеткілікті дәл емес
err-phone = «{ $value }» телефон нөмірі емес (+7 701 234 5678 немесе 8 701 234 56 78 пішімі)
err-integer = «{ $value }» бүтін сан емес
err-range = { $value } { $min }–{ $max } аралығынан тыс
err-choice = «{ $value }» нұсқалардың ішінде жоқ
err-country = «{ $value }» — белгісіз ел (атауын немесе UZ сияқты кодын жазыңыз)
err-language = «{ $value }» — белгісіз тіл (атауын немесе ru сияқты кодын жазыңыз)
err-yes-no = «{ $value }» «иә» да, «жоқ» та емес
err-link = «{ $value }» жазба идентификаторы емес
err-required = міндетті өріс
err-entries-min = кемінде { $min } жазба қажет
err-entries-max = ең көбі { $max } жазбаға рұқсат етіледі

## Форма анықтамалары (intake form check)
form-check-ok = { $file }: «{ $id }» формасы, нұсқасы { $version }: { $sections } бөлім, { $fields } өріс, { $groups } қайталанатын топ, { $rules } ереже; ақау табылмады.
form-check-failed = { $file } файлында { $count } қате бар; форма пайдаланылмады.
form-err-read = файлды оқу мүмкін емес: { $reason }
form-err-toml = форма файлы жарамсыз: { $reason }
form-err-messages = хабарлар файлын талдау мүмкін емес: { $reason }
form-err-expression = «{ $expr }» өрнегін талдау мүмкін емес: { $reason }
form-err-unknown-name = «{ $expr }» ішіндегі «{ $name }» бұл форманың өрісі емес
form-err-unknown-function = «{ $expr }» ішіндегі «{ $name }» — белгісіз функция
form-err-unknown-field = «{ $id }» бұл форманың өрісі емес
form-err-level = «{ $value }» деңгейі error немесе warning болуы керек
form-err-type = «{ $value }» өріс түрі емес (мыналардың бірін қолданыңыз: { $types })
form-err-precision = «{ $value }» күн дәлдігі емес (day, month, year, estimated қолданыңыз)
form-err-script = «{ $value }» жазуы latin немесе any болуы керек
form-err-option = «{ $option }» { $type } түріндегі «{ $id }» өрісіне қолданылмайды
form-err-nested-repeat = «{ $id }» қайталанатын тобы басқа қайталанатын топтың ішінде тұр
form-err-calculate-in-group = қайталанатын топ ішіндегі «{ $id }» өрісі есептелетін бола алмайды (тек жоғарғы деңгейдегі өрістер есептеледі)
form-err-fields-in-field = «{ $id }» өрісінің өз өрістері бар, бірақ ол қайталанатын топ емес
form-err-empty-group = «{ $id }» қайталанатын тобында өріс жоқ
form-err-duplicate = «{ $id }» екі рет анықталған
form-err-id = «{ $id }» — жарамсыз идентификатор (кіші латын әріптері, цифрлар және _, әріптен басталады)
form-err-builtin = «{ $id }» — кіріктірілген атау, ол өріс идентификаторы бола алмайды
form-err-empty-list = «{ $id }» нұсқалар тізімі бос
form-err-no-list = «{ $id }» таңдау өрісінде нұсқалар тізімі көрсетілмеген
form-err-unknown-list = «{ $id }» өрісі «{ $list }» нұсқалар тізімін пайдаланады, бірақ ондай тізім жоқ
form-err-bounds = «{ $id }» өрісінің минимумы максимумынан үлкен
form-err-default = «{ $id }» өрісінің әдепкі мәні өріске сәйкес келмейді
form-err-missing-field = формада бағдарламаға қажет { $type } түріндегі «{ $id }» өрісі жоқ
form-err-field-type = «{ $id }» өрісі { $type } түрінде болуы керек
form-err-status-list = status өрісінің нұсқалар тізімі іс кезеңдерімен бірдей болуы керек: { $statuses }
form-err-sex-list = sex өрісінің нұсқалар тізімінде female және male болуы керек
form-err-translation = «{ $key }» хабары { $lang } тілі үшін жоқ

## Баптаулар
config-err = { $file }: { $reason }

## intake check
check-record = { $id } { $name } — { $status }: { $count ->
    [0] ақау жоқ
   *[other] { $count } ақау
}
check-draft = жоба: міндетті өрістер әзірге тексерілмейді
check-error = { "  " }✗ { $place }: { $message }
check-warning = { "  " }! { $place }: { $message }
check-summary = { $count } іс тексерілді: қатесі барлар — { $errors }, тек ескертуі барлар — { $warnings }.

## Терминал интерфейсі
tui-key-language = тіл
tui-key-redraw = экранды қайта салу
tui-key-unlock = ашу
tui-key-quit = шығу
tui-key-search = іздеу
tui-key-up = алдыңғы жол
tui-key-down = келесі жол
tui-key-page-up = алдыңғы бет
tui-key-page-down = келесі бет
tui-key-top = бірінші жол
tui-key-bottom = соңғы жол
tui-key-help = анықтама
tui-key-keep-search = іздеуді қалдыру
tui-key-clear-search = іздеуді тазарту
tui-key-close = жабу
tui-key-next-field = келесі өріс
tui-key-prev-field = алдыңғы өріс
tui-key-next-or-create = келесі / құру
tui-key-create = дерекқорды құру
tui-setup-title = алғашқы іске қосу
tui-setup-intro = Қош келдіңіз. Мұнда Intake осы компьютерде бапталады: { $path } ішіндегі шифрланған дерекқор және осы ноутбуктің кілттері. Өрістерді толтырыңыз; Tab — келесіге.
tui-setup-role = Рөл
tui-setup-role-field = далалық ноутбук
tui-setup-role-coordinator = үйлестіруші
tui-setup-worker = Сіздің атыңыз
tui-setup-org = Ұйым
tui-setup-campaign = Науқан
tui-setup-key = Үйлестіруші кілті
tui-setup-passphrase = Құпия сөйлем
tui-setup-again = Тағы бір рет
tui-setup-optional = (міндетті емес)
tui-yes = иә
tui-no = жоқ
tui-form-unnamed = жаңа жазба
tui-form-entries = { $count } жазба
tui-error-save = Өзгеріс сақталмады; журналды қараңыз. Енгізілгені жоғалған жоқ.
tui-key-new = жаңа жазба
tui-key-open = ашу
tui-key-next-section = келесі бөлім
tui-key-prev-section = алдыңғы бөлім
tui-key-save = сақтау
tui-key-back = тізімге
tui-key-open-similar = осы адамға ұқсас жазбаны ашу
tui-form-similar = Бұрын жазылған ба? { $name }, туған { $born } ({ $id }) — Ctrl-O ашады
tui-key-edit = түзету
tui-key-status = істі ауыстыру
tui-key-history-up = тарих жоғары
tui-key-history-down = тарих төмен
tui-record-next = Келесі әрекет
tui-record-move = Ауыстыру
tui-record-problems = Сауалнамада { $count } ақау (e — түзету)
tui-record-conflict = қайшы түзетулер
tui-record-history = Тарих, алдымен жаңасы ({ $count } өзгеріс)
tui-form-add-entry = Ctrl-N қосады, Ctrl-D ағымдағысын өшіреді
tui-key-add-entry = топқа жазба қосу
tui-key-remove-entry = осы жазбаны өшіру
tui-unlock-title = кіру
tui-unlock-intro = { $path } үшін құпия сөйлемді енгізіңіз.
tui-locked = Біраз уақыт қолданылмағандықтан бұғатталды. Жалғастыру үшін құпия сөйлемді енгізіңіз.
tui-passphrase = Құпия сөйлем
tui-wrong-passphrase = Құпия сөйлем қате. Қайталап көріңіз.
tui-error-open = Дерекқорды ашу мүмкін емес; журналды қараңыз.
tui-error-read = Тізімді оқу мүмкін емес; журналды қараңыз.
tui-help-title = Пернелер
tui-records-more = { $count } жазбадан көп
tui-list-title = істер
tui-search = іздеу
tui-search-hint = / басып, есімді кез келген әліпбимен жазыңыз
tui-list-empty = Әзірге жазба жоқ.
tui-list-no-match = Ешкім табылмады.
tui-col-name = Аты-жөні
tui-col-latin = Латынша
tui-col-born = Туған
tui-col-oblast = Облыс
tui-col-status = Мәртебе
tui-col-next = Келесі

## Жаңа құрылғыны баптау (intake init, алғашқы іске қосу)
setup-err-worker = қызметкердің аты: 1–100 таңба, басқару таңбаларынсыз
setup-err-org = ұйым: 1–100 таңба, басқару таңбаларынсыз
setup-err-campaign = науқан: 100 таңбадан аспауы керек, басқару таңбаларынсыз
setup-err-role = рөлді таңдаңыз: далалық ноутбук немесе үйлестіруші
setup-err-key-on-coordinator = үйлестіруші кілті далалық ноутбуктерге арналған; үйлестірушінің өз кілті бар
setup-err-key = бұл age ашық кілті емес (ол age1-ден басталады); кейін қосу үшін бос қалдырыңыз
setup-err-short = құпия сөйлемде кемінде { $min } таңба болуы керек: жоғалған ноутбук тек соншалықты қорғалған
setup-err-mismatch = екі құпия сөйлем сәйкес емес; қайта енгізіңіз
setup-err-exists = { $path } ішінде дерекқор бар; Intake оны ешқашан қайта жазбайды
setup-err-store = дерекқорды құру мүмкін болмады; журналды қараңыз
tui-key-form-enter = келесі өріс; нұсқалары бар өрісте: оларды көрсету
tui-key-option-up = алдыңғы нұсқа
tui-key-option-down = келесі нұсқа
tui-key-pick = таңдау
tui-key-cancel-pick = тізімді жабу
tui-picker-none = «{ $typed }» деп басталатын нұсқа жоқ
tui-picker-more = … тағы { $count }: тізімді тарылту үшін теріңіз
tui-picker-hint = Enter нұсқаларды көрсетеді; теру тізімді тарылтады
