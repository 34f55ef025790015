# Intake: кіріктірілген сауалнама формасы (қазақша). Кілттер: section-<id>,
# field-<id>, field-<group>-<id>, choice-<list>-<value>, help-*, err-*, warn-*.

form-title = Бастапқы сауалнама: азаматтығы жоқтық

## Бөлімдер
section-interview = Сұхбат
section-consent = Келісім
section-identity = Жеке басы
section-parents = Ата-анасы
section-household = Үй шаруашылығы
section-residence = Тұрғылықты жері
section-documents = Құжаттар
section-languages = Тілдер
section-nationality = Азаматтыққа негіз
section-needs = Ерекше қажеттіліктер
section-case = Іс

## A. Сұхбат
field-organisation = Ұйым
field-interviewer = Сұхбат алушы
field-interview_date = Сұхбат күні
field-oblast = Облыс немесе қала
field-district = Аудан
field-settlement = Елді мекен
field-interview_mode = Анықтау тәсілі
field-interview_language = Сұхбат тілі
field-interpreter_used = Аудармашы қатысты
field-reference = Серіктестегі нөмірі
help-reference = Адам жолдама тізімі арқылы келсе, сол тізімдегі нөмірі.

## B. Келісім
field-consent_obtained = Келісім берілді
help-consent-obtained = Алдымен мақсаттарын түсіндіріңіз. Келісім болмаса, тек анонимді есеп жүргізіледі.
field-consent_given_by = Келісім берген
field-representative_name = Өкілдің аты-жөні
field-consent_method = Келісім беру тәсілі
field-witness_name = Куәнің аты-жөні
field-consent_legal_assistance = Заң көмегіне келісім
field-consent_share_authority = Мемлекеттік органға беруге келісім
field-consent_authority_name = Қай органға
field-consent_share_unhcr = БҰҰ БЖКБ-ға беруге келісім
field-consent_follow_up = Кейін байланысуға келісім
field-consent_statistics = Анонимді статистикаға келісім
field-anon_sex = Жынысы (анонимді есеп)
field-anon_age_band = Жас тобы (анонимді есеп)
field-anon_category = Санаты (анонимді есеп)

## C. Жеке басы
field-surname = Тегі
help-names = Бастапқы құжатта жазылғандай; ә ғ қ ң ө ұ ү һ і қазақ әріптері рұқсат етіледі.
field-given_name = Аты
field-patronymic = Әкесінің аты
field-surname_latin = Тегі (латынша)
field-given_name_latin = Аты (латынша)
field-aliases = Басқа есімдері
field-aliases-name = Есімі
field-aliases-kind = Есім түрі
field-aliases-document = Қай құжатта
field-sex = Жынысы
field-birth_date = Туған күні
help-date-precision = ЖЖЖЖ-АА-КК, ЖЖЖЖ-АА, ЖЖЖЖ, КК.АА.ЖЖЖЖ немесе шамамен алынған жас үшін ~45.
field-iin = ЖСН
field-birth_place = Туған жері
help-birth-place = Адамның айтуынша немесе құжатта жазылғандай; тарихи атаулар рұқсат етіледі («КСРО – Өзбек КСР»).
field-birth_country = Туған елі
field-ethnicity = Ұлты
help-ethnicity = Сезімтал сұрақ; тек адам қаласа ғана. Ешқашан азаматтықпен бірдей емес.
field-phone = Телефон

## D. Ата-анасы
field-mother_name = Анасының аты-жөні (құжат бойынша)
field-father_name = Әкесінің аты-жөні (құжат бойынша)
field-parents = Ата-анасы мен қамқоршылары
field-parents-relation = Туыстығы
field-parents-name = Аты-жөні
field-parents-birth_date = Туған күні
field-parents-birth_place = Туған жері
field-parents-citizenship = Азаматтығы
field-parents-citizenship_country = Азаматтық елі
field-parents-documents = Бар құжаттары
field-parents-whereabouts = Қазір қайда
field-parents-record = Ата-ананың өз жазбасы

## E. Үй шаруашылығы
field-household_id = Үй шаруашылығының коды
field-relationship_to_head = Үй шаруашылығы басшысына кім болады
field-marital_status = Отбасылық жағдайы
field-marriage_registered = Неке тіркелген
field-spouse_name = Жұбайының аты-жөні
field-spouse_record = Жұбайының жазбасы
field-household_members = Үй шаруашылығының мүшелері
field-household_members-name = Аты-жөні
field-household_members-relationship = Туыстығы
field-household_members-birth_date = Туған күні
field-household_members-birth_certificate = Туу туралы куәлігі бар
field-household_members-record = Мүшенің өз жазбасы

## F. Тұрғылықты жері
field-residence = Тұрғылықты жерлер тарихы
field-residence-from_date = Қашаннан
field-residence-to_date = Қашанға дейін
field-residence-country = Ел
field-residence-oblast = Облыс немесе қала
field-residence-district = Аудан
field-residence-settlement = Елді мекен
help-historical-names = Тарихи атаулар қабылданады (Целиноград, Алма-Ата, Гурьев).
field-residence-registered = Тіркелген (прописка)
field-resident_1992 = 1992 жылғы 1 наурызда Қазақстанда тұрған
help-resident-1992 = Тұрғылықты жерлер тарихынан анықталады. Мұндай адамдар азаматтықтан бас тартпаған болса, азамат болып саналады.

## G. Құжаттар
field-documents = Құжаттар
field-documents-doc_type = Құжат
field-documents-doc_country = Берген ел
field-documents-number = Сериясы мен нөмірі
field-documents-issuer = Берген орган
field-documents-issue_date = Берілген күні
field-documents-expiry_date = Жарамдылық мерзімі
field-documents-doc_status = Күйі

## H. Тілдер
field-languages_spoken = Сөйлейтін тілдері
field-preferred_language = Қалайтын тілі
field-literacy = Сауаттылығы
help-literacy = Ауызша өтініш қажет пе, соны анықтайды.

## I. Азаматтыққа негіз
field-category = Алдын ала санаты
field-profile = Профилі
field-claims = Азаматтыққа негіздер
field-claims-country = Мемлекет
field-claims-basis = Негізі
field-claims-steps_taken = Жасалған қадамдар
field-claims-enquiry_date = Сұрау жіберілді
field-claims-reply_date = Жауап алынды
field-claims-reply_content = Жауаптың мазмұны

## J. Ерекше қажеттіліктер
field-specific_needs = Ерекше қажеттіліктер

## Іс
field-status = Күйі
field-pathway = Шешу жолы
field-next_action = Келесі әрекет
field-next_action_date = Келесі әрекет күні
field-requests = Құжат сұраулары
field-requests-to = Кімге
field-requests-body = Мұрағат, АХАЖ немесе консулдық
field-requests-sent_date = Жіберілді
field-requests-reply_date = Жауап алынды
field-filed_authority = Қайда берілді
field-filed_reference = Өтініштің тіркеу нөмірі
field-filed_date = Өтініш берілген күн
field-foreign_enquiry_date = Басқа мемлекетке сұрау жіберілді
field-decision_outcome = Шешім
field-decision_date = Шешім күні
field-appeal_deadline = Шағымдану мерзімі
field-documented_number = Жаңа құжаттың нөмірі
field-documented_expiry = Жаңа құжаттың жарамдылық мерзімі
field-documented_iin = Жаңа құжаттағы ЖСН
field-closed_reason = Істі жабу себебі

## Тексерулер
err-period-order = кезең басталғанға дейін аяқталады
err-number-id-card = жеке куәлік нөмірі 9 цифрдан тұрады
err-number-passport = Қазақстан паспортының нөмірі — N және 8 цифр
warn-number-ussr = КСРО паспортының нөмірі әдетте «IV-ЖЕ 123456» сияқты болады
err-expiry-before-issue = жарамдылық мерзімі берілген күннен бұрын аяқталады
err-reply-before-enquiry = жауаптың күні сұраудан бұрын
err-decision-before-filing = шешімнің күні өтініш берілгенге дейін
warn-ussr-passport-only = КСРО паспорты — жеке басты куәландыратын жалғыз құжат: ол Қазақстанда 1999 жылдан бері жарамсыз
warn-child-no-birth-certificate = үй шаруашылығындағы баланың туу туралы куәлігі жоқ: тууды тіркеуді қарастырыңыз
warn-foreign-reply-5 = басқа мемлекеттен бес ай бойы жауап жоқ: алты ай өткенде адамды азаматтығы жоқ адам ретінде құжаттандыруға болады
warn-foreign-reply-6 = басқа мемлекеттен алты ай бойы жауап жоқ: енді адамды азаматтығы жоқ адам ретінде құжаттандыруға болады
warn-stateless-certificate-age = азаматтығы жоқ адамның куәлігі 16 жастан бастап беріледі

## Таңдау нұсқалары
choice-sex-female = әйел
choice-sex-male = ер
choice-interview_mode-mobile_visit = көшпелі қабылдау
choice-interview_mode-office = кеңсе
choice-interview_mode-hotline = жедел желі
choice-interview_mode-referral_school = мектептің жолдамасы
choice-interview_mode-referral_hospital = аурухананың жолдамасы
choice-interview_mode-referral_akimat = әкімдіктің жолдамасы
choice-interview_mode-referral_partner = серіктестің жолдамасы
choice-consent_given_by-person = адамның өзі
choice-consent_given_by-parent = ата-анасы
choice-consent_given_by-guardian = қамқоршысы
choice-consent_method-signature = қолы
choice-consent_method-thumbprint = саусақ ізі
choice-consent_method-oral_witness = ауызша, куәнің қатысуымен
choice-age_band-age_0_4 = 0–4
choice-age_band-age_5_11 = 5–11
choice-age_band-age_12_17 = 12–17
choice-age_band-age_18_59 = 18–59
choice-age_band-age_60_plus = 60 және одан үлкен
choice-age_band-unknown = белгісіз
choice-category-stateless = азаматтығы жоқ адам
choice-category-undetermined = азаматтығы анықталмаған
choice-category-asylum_seeker = баспана іздеуші
choice-category-refugee = босқын
choice-profile-ussr_passport = тек КСРО паспорты
choice-profile-never_documented = ешқашан құжаты болмаған
choice-profile-child_unregistered = тууы тіркелмеген бала
choice-profile-foreign_unconfirmed = басқа мемлекеттің азаматтығы расталмаған
choice-profile-refugee = босқын немесе баспана іздеуші
choice-profile-other = басқа
choice-alias_kind-maiden = қыз кездегі тегі
choice-alias_kind-other_spelling = басқаша жазылуы
choice-alias_kind-as_in_document = құжатта жазылғандай
choice-alias_kind-other = басқа
choice-parent_relation-mother = анасы
choice-parent_relation-father = әкесі
choice-parent_relation-guardian = қамқоршысы
choice-citizenship-kazakhstan = Қазақстан
choice-citizenship-other_state = басқа мемлекет
choice-citizenship-stateless = азаматтығы жоқ
choice-citizenship-unknown = белгісіз
choice-whereabouts-with_person = адаммен бірге тұрады
choice-whereabouts-elsewhere_kz = Қазақстанның басқа жерінде
choice-whereabouts-abroad = шетелде
choice-whereabouts-deceased = қайтыс болған
choice-whereabouts-unknown = белгісіз
choice-relationship-head = үй шаруашылығының басшысы
choice-relationship-spouse = жұбайы
choice-relationship-child = баласы
choice-relationship-parent = ата-анасы
choice-relationship-sibling = бауыры
choice-relationship-grandchild = немересі
choice-relationship-grandparent = атасы немесе әжесі
choice-relationship-other_relative = басқа туысы
choice-relationship-not_related = туысы емес
choice-marital_status-single = некеде болмаған
choice-marital_status-married = некеде
choice-marital_status-divorced = ажырасқан
choice-marital_status-widowed = жесір
choice-document_type-ussr_passport_1974 = КСРО паспорты (1974 жылғы үлгі)
choice-document_type-birth_certificate_ussr = КСРО туу туралы куәлігі
choice-document_type-birth_certificate_kz = ҚР туу туралы куәлігі
choice-document_type-kz_id_card = ҚР жеке куәлігі
choice-document_type-kz_passport = ҚР паспорты
choice-document_type-foreign_passport = шетелдік паспорт
choice-document_type-stateless_certificate = азаматтығы жоқ адамның куәлігі
choice-document_type-residence_permit = тұруға ықтиярхат
choice-document_type-asylum_certificate = баспана іздеушінің куәлігі
choice-document_type-refugee_certificate = босқын куәлігі
choice-document_type-marriage_certificate = неке туралы куәлік
choice-document_type-military_id = әскери билет
choice-document_type-work_record_book = еңбек кітапшасы
choice-document_type-school_record = мектеп құжаты
choice-document_type-medical_record = медициналық карта
choice-document_type-vaccination_record = екпе картасы
choice-document_type-court_decision = сот шешімі
choice-document_type-other = басқа
choice-document_status-original_seen = түпнұсқасы көрілді
choice-document_status-copy = көшірме
choice-document_status-lost = жоғалған
choice-document_status-expired = мерзімі өткен
choice-document_status-held_by_third_party = үшінші тұлғада
choice-literacy-reads_writes = оқиды және жазады
choice-literacy-reads_only = тек оқиды
choice-literacy-none = оқи да, жаза да алмайды
choice-claim_basis-birth = туу
choice-claim_basis-descent = шығу тегі
choice-claim_basis-marriage = неке
choice-claim_basis-residence = тұру
choice-specific_needs-child_at_risk = қауіп төнген бала
choice-specific_needs-unaccompanied_child = ілесіп жүрушісіз бала
choice-specific_needs-separated_child = ата-анасынан ажыраған бала
choice-specific_needs-woman_at_risk = қауіп төнген әйел
choice-specific_needs-older_person_at_risk = қауіп төнген қарт адам
choice-specific_needs-disability = мүгедектік
choice-specific_needs-serious_medical_condition = ауыр ауру
choice-specific_needs-single_parent = жалғызбасты ата-ана
choice-specific_needs-survivor_of_violence = зорлық-зомбылықтан зардап шеккен
choice-status-identified = анықталды
choice-status-intake_done = сауалнама толтырылды
choice-status-assessed = бағаланды
choice-status-gathering_documents = құжаттар жиналуда
choice-status-filed = өтініш берілді
choice-status-awaiting_foreign_reply = басқа мемлекеттің жауабы күтілуде
choice-status-decision = шешім
choice-status-appeal = шағымдану
choice-status-documented = құжат берілді
choice-status-follow_up = кейінгі бақылау
choice-status-closed = жабылды
choice-pathway-confirm_kz_citizenship = ҚР азаматтығын растау / құжаттарды ауыстыру
choice-pathway-confirm_foreign_nationality = басқа мемлекеттің азаматтығын растау (консулдық)
choice-pathway-statelessness_determination = азаматтығы жоқтығын анықтау
choice-pathway-birth_registration = тууды тіркеу
choice-pathway-court_establishment = заңдық фактілерді сотта анықтау
choice-pathway-asylum_referral = баспана беру рәсіміне жолдау
choice-request_to-archive = мұрағат
choice-request_to-civil_registry = АХАЖ
choice-request_to-consulate = консулдық
choice-request_to-migration_service = көші-қон қызметі
choice-request_to-other = басқа
choice-outcome-kz_citizenship_confirmed = ҚР азаматтығы расталды
choice-outcome-citizenship_acquired = азаматтық алынды
choice-outcome-other_nationality_confirmed = басқа азаматтық расталды
choice-outcome-stateless_recognised = азаматтығы жоқ адам мәртебесі танылды
choice-outcome-refugee_recognised = босқын мәртебесі танылды
choice-outcome-rejected = бас тартылды
choice-closed_reason-resolved = мәселе шешілді
choice-closed_reason-moved = көшіп кетті
choice-closed_reason-deceased = қайтыс болды
choice-closed_reason-withdrew = бас тартты
choice-closed_reason-lost_contact = байланыс үзілді
choice-closed_reason-referred = басқа ұйымға жолданды
