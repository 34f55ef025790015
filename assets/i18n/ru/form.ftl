# Intake: встроенная форма анкеты (русский). Ключи: section-<id>,
# field-<id>, field-<group>-<id>, choice-<list>-<value>, help-*, err-*, warn-*.

form-title = Первичная анкета: безгражданство

## Разделы
section-interview = Интервью
section-consent = Согласие
section-identity = Личность
section-parents = Родители
section-household = Домохозяйство
section-residence = Место жительства
section-documents = Документы
section-languages = Языки
section-nationality = Притязание на гражданство
section-needs = Особые потребности
section-case = Дело

## A. Интервью
field-organisation = Организация
field-interviewer = Интервьюер
field-interview_date = Дата интервью
field-oblast = Область или город
field-district = Район
field-settlement = Населённый пункт
field-interview_mode = Способ выявления
field-interview_language = Язык интервью
field-interpreter_used = С переводчиком
field-reference = Номер у партнёра
help-reference = Номер в списке направлений, если человек пришёл по такому списку.

## B. Согласие
field-consent_obtained = Согласие дано
help-consent-obtained = Сначала объясните цели. Без согласия ведётся только анонимный подсчёт.
field-consent_given_by = Кто дал согласие
field-representative_name = Имя представителя
field-consent_method = Форма согласия
field-witness_name = Имя свидетеля
field-consent_legal_assistance = Согласие на юридическую помощь
field-consent_share_authority = Согласие на передачу госоргану
field-consent_authority_name = Какому органу
field-consent_share_unhcr = Согласие на передачу УВКБ ООН
field-consent_follow_up = Согласие на повторный контакт
field-consent_statistics = Согласие на анонимную статистику
field-anon_sex = Пол (анонимный подсчёт)
field-anon_age_band = Возраст (анонимный подсчёт)
field-anon_category = Категория (анонимный подсчёт)

## C. Личность
field-surname = Фамилия
help-names = Как в исходном документе; казахские буквы ә ғ қ ң ө ұ ү һ і допускаются.
field-given_name = Имя
field-patronymic = Отчество
field-surname_latin = Фамилия (латиницей)
field-given_name_latin = Имя (латиницей)
field-aliases = Другие имена
field-aliases-name = Имя
field-aliases-kind = Вид имени
field-aliases-document = В каком документе
field-sex = Пол
field-birth_date = Дата рождения
help-date-precision = ГГГГ-ММ-ДД, ГГГГ-ММ, ГГГГ, ДД.ММ.ГГГГ или ~45 для примерного возраста.
field-iin = ИИН
field-birth_place = Место рождения
help-birth-place = Как говорит человек или как указано в документе; исторические названия допускаются («СССР – Узбекская ССР»).
field-birth_country = Страна рождения
field-ethnicity = Национальность
help-ethnicity = Деликатный вопрос; только по желанию человека. Это никогда не то же самое, что гражданство.
field-phone = Телефон

## D. Родители
field-mother_name = Имя матери (по документам)
field-father_name = Имя отца (по документам)
field-parents = Родители и опекуны
field-parents-relation = Кем приходится
field-parents-name = Имя
field-parents-birth_date = Дата рождения
field-parents-birth_place = Место рождения
field-parents-citizenship = Гражданство
field-parents-citizenship_country = Страна гражданства
field-parents-documents = Имеющиеся документы
field-parents-whereabouts = Местонахождение
field-parents-record = Собственная запись родителя

## E. Домохозяйство
field-household_id = Код домохозяйства
field-relationship_to_head = Кем приходится главе домохозяйства
field-marital_status = Семейное положение
field-marriage_registered = Брак зарегистрирован
field-spouse_name = Имя супруга(-и)
field-spouse_record = Запись супруга(-и)
field-household_members = Члены домохозяйства
field-household_members-name = Имя
field-household_members-relationship = Кем приходится
field-household_members-birth_date = Дата рождения
field-household_members-birth_certificate = Есть свидетельство о рождении
field-household_members-record = Собственная запись

## F. Место жительства
field-residence = История проживания
field-residence-from_date = С
field-residence-to_date = По
field-residence-country = Страна
field-residence-oblast = Область или город
field-residence-district = Район
field-residence-settlement = Населённый пункт
help-historical-names = Исторические названия допускаются (Целиноград, Алма-Ата, Гурьев).
field-residence-registered = С пропиской
field-resident_1992 = Проживал(а) в Казахстане на 1 марта 1992 г.
help-resident-1992 = Определяется по истории проживания. Такие лица являются гражданами, если не отказались от гражданства.

## G. Документы
field-documents = Документы
field-documents-doc_type = Документ
field-documents-doc_country = Страна выдачи
field-documents-number = Серия и номер
field-documents-issuer = Кем выдан
field-documents-issue_date = Дата выдачи
field-documents-expiry_date = Срок действия
field-documents-doc_status = Состояние

## H. Языки
field-languages_spoken = Владеет языками
field-preferred_language = Предпочтительный язык
field-literacy = Грамотность
help-literacy = Определяет, нужно ли устное заявление.

## I. Притязание на гражданство
field-category = Предварительная категория
field-profile = Профиль
field-claims = Притязания на гражданство
field-claims-country = Государство
field-claims-basis = Основание
field-claims-steps_taken = Уже предпринятые шаги
field-claims-enquiry_date = Запрос отправлен
field-claims-reply_date = Ответ получен
field-claims-reply_content = Содержание ответа

## J. Особые потребности
field-specific_needs = Особые потребности

## Дело
field-status = Статус
field-pathway = Путь решения
field-next_action = Следующее действие
field-next_action_date = Дата следующего действия
field-requests = Запросы документов
field-requests-to = Адресат
field-requests-body = Архив, ЗАГС или консульство
field-requests-sent_date = Отправлен
field-requests-reply_date = Ответ получен
field-filed_authority = Куда подано
field-filed_reference = Регистрационный номер заявления
field-filed_date = Дата подачи
field-foreign_enquiry_date = Запрос в другое государство отправлен
field-decision_outcome = Решение
field-decision_date = Дата решения
field-appeal_deadline = Срок обжалования
field-documented_number = Номер нового документа
field-documented_expiry = Срок действия нового документа
field-documented_iin = ИИН в новом документе
field-closed_reason = Причина закрытия дела

## Проверки
err-period-order = период заканчивается раньше, чем начинается
err-number-id-card = номер удостоверения личности состоит из 9 цифр
err-number-passport = номер казахстанского паспорта — N и 8 цифр
warn-number-ussr = номер паспорта СССР обычно выглядит как «IV-ЖЕ 123456»
err-expiry-before-issue = срок действия истекает раньше даты выдачи
err-reply-before-enquiry = ответ датирован раньше запроса
err-decision-before-filing = решение датировано раньше подачи заявления
warn-ussr-passport-only = паспорт СССР — единственный документ, удостоверяющий личность: в Казахстане он недействителен с 1999 года
warn-child-no-birth-certificate = у ребёнка в домохозяйстве нет свидетельства о рождении: рассмотрите регистрацию рождения
warn-foreign-reply-5 = пять месяцев нет ответа от другого государства: через шесть месяцев человека можно документировать как лицо без гражданства
warn-foreign-reply-6 = шесть месяцев нет ответа от другого государства: теперь человека можно документировать как лицо без гражданства
warn-stateless-certificate-age = удостоверение лица без гражданства выдаётся с 16 лет

## Варианты выбора
choice-sex-female = женский
choice-sex-male = мужской
choice-interview_mode-mobile_visit = выездной приём
choice-interview_mode-office = офис
choice-interview_mode-hotline = горячая линия
choice-interview_mode-referral_school = направление школы
choice-interview_mode-referral_hospital = направление больницы
choice-interview_mode-referral_akimat = направление акимата
choice-interview_mode-referral_partner = направление партнёра
choice-consent_given_by-person = сам человек
choice-consent_given_by-parent = родитель
choice-consent_given_by-guardian = опекун
choice-consent_method-signature = подпись
choice-consent_method-thumbprint = отпечаток пальца
choice-consent_method-oral_witness = устно, при свидетеле
choice-age_band-age_0_4 = 0–4
choice-age_band-age_5_11 = 5–11
choice-age_band-age_12_17 = 12–17
choice-age_band-age_18_59 = 18–59
choice-age_band-age_60_plus = 60 и старше
choice-age_band-unknown = неизвестно
choice-category-stateless = лицо без гражданства
choice-category-undetermined = неопределённое гражданство
choice-category-asylum_seeker = лицо, ищущее убежища
choice-category-refugee = беженец
choice-profile-ussr_passport = только паспорт СССР
choice-profile-never_documented = документов никогда не было
choice-profile-child_unregistered = ребёнок без регистрации рождения
choice-profile-foreign_unconfirmed = гражданство другого государства не подтверждено
choice-profile-refugee = беженец или лицо, ищущее убежища
choice-profile-other = другое
choice-alias_kind-maiden = девичья фамилия
choice-alias_kind-other_spelling = другое написание
choice-alias_kind-as_in_document = как в документе
choice-alias_kind-other = другое
choice-parent_relation-mother = мать
choice-parent_relation-father = отец
choice-parent_relation-guardian = опекун
choice-citizenship-kazakhstan = Казахстан
choice-citizenship-other_state = другое государство
choice-citizenship-stateless = без гражданства
choice-citizenship-unknown = неизвестно
choice-whereabouts-with_person = живёт с человеком
choice-whereabouts-elsewhere_kz = в другом месте Казахстана
choice-whereabouts-abroad = за границей
choice-whereabouts-deceased = умер(ла)
choice-whereabouts-unknown = неизвестно
choice-relationship-head = глава домохозяйства
choice-relationship-spouse = супруг(а)
choice-relationship-child = ребёнок
choice-relationship-parent = родитель
choice-relationship-sibling = брат или сестра
choice-relationship-grandchild = внук или внучка
choice-relationship-grandparent = дедушка или бабушка
choice-relationship-other_relative = другой родственник
choice-relationship-not_related = не родственник
choice-marital_status-single = холост / не замужем
choice-marital_status-married = в браке
choice-marital_status-divorced = в разводе
choice-marital_status-widowed = вдовец / вдова
choice-document_type-ussr_passport_1974 = паспорт СССР (образца 1974 г.)
choice-document_type-birth_certificate_ussr = свидетельство о рождении СССР
choice-document_type-birth_certificate_kz = свидетельство о рождении РК
choice-document_type-kz_id_card = удостоверение личности РК
choice-document_type-kz_passport = паспорт РК
choice-document_type-foreign_passport = иностранный паспорт
choice-document_type-stateless_certificate = удостоверение лица без гражданства
choice-document_type-residence_permit = вид на жительство
choice-document_type-asylum_certificate = свидетельство лица, ищущего убежища
choice-document_type-refugee_certificate = удостоверение беженца
choice-document_type-marriage_certificate = свидетельство о браке
choice-document_type-military_id = военный билет
choice-document_type-work_record_book = трудовая книжка
choice-document_type-school_record = школьный документ
choice-document_type-medical_record = медицинская карта
choice-document_type-vaccination_record = прививочный сертификат
choice-document_type-court_decision = решение суда
choice-document_type-other = другое
choice-document_status-original_seen = оригинал предъявлен
choice-document_status-copy = копия
choice-document_status-lost = утерян
choice-document_status-expired = просрочен
choice-document_status-held_by_third_party = у третьего лица
choice-literacy-reads_writes = читает и пишет
choice-literacy-reads_only = только читает
choice-literacy-none = не читает и не пишет
choice-claim_basis-birth = рождение
choice-claim_basis-descent = происхождение
choice-claim_basis-marriage = брак
choice-claim_basis-residence = проживание
choice-specific_needs-child_at_risk = ребёнок в группе риска
choice-specific_needs-unaccompanied_child = несопровождаемый ребёнок
choice-specific_needs-separated_child = разлучённый ребёнок
choice-specific_needs-woman_at_risk = женщина в группе риска
choice-specific_needs-older_person_at_risk = пожилой человек в группе риска
choice-specific_needs-disability = инвалидность
choice-specific_needs-serious_medical_condition = серьёзное заболевание
choice-specific_needs-single_parent = одинокий родитель
choice-specific_needs-survivor_of_violence = пережил(а) насилие
choice-status-identified = выявлено
choice-status-intake_done = анкета заполнена
choice-status-assessed = оценка проведена
choice-status-gathering_documents = сбор документов
choice-status-filed = заявление подано
choice-status-awaiting_foreign_reply = ожидание ответа другого государства
choice-status-decision = решение
choice-status-appeal = обжалование
choice-status-documented = документы выданы
choice-status-follow_up = сопровождение
choice-status-closed = закрыто
choice-pathway-confirm_kz_citizenship = подтверждение гражданства РК / замена документов
choice-pathway-confirm_foreign_nationality = подтверждение гражданства другого государства (консульство)
choice-pathway-statelessness_determination = определение безгражданства
choice-pathway-birth_registration = регистрация рождения
choice-pathway-court_establishment = установление юридических фактов в суде
choice-pathway-asylum_referral = направление на процедуру убежища
choice-request_to-archive = архив
choice-request_to-civil_registry = ЗАГС
choice-request_to-consulate = консульство
choice-request_to-migration_service = миграционная служба
choice-request_to-other = другое
choice-outcome-kz_citizenship_confirmed = гражданство РК подтверждено
choice-outcome-citizenship_acquired = гражданство приобретено
choice-outcome-other_nationality_confirmed = подтверждено иное гражданство
choice-outcome-stateless_recognised = признан статус лица без гражданства
choice-outcome-refugee_recognised = признан статус беженца
choice-outcome-rejected = отказано
choice-closed_reason-resolved = вопрос решён
choice-closed_reason-moved = переехал(а)
choice-closed_reason-deceased = умер(ла)
choice-closed_reason-withdrew = отказался(-лась)
choice-closed_reason-lost_contact = связь потеряна
choice-closed_reason-referred = перенаправлено
