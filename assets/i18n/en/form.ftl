# Intake: the built-in intake form (English). Keys: section-<id>,
# field-<id>, field-<group>-<id>, choice-<list>-<value>, help-*, err-*, warn-*.

form-title = Statelessness intake

## Sections
section-interview = Interview
section-consent = Consent
section-identity = Identity
section-parents = Parents
section-household = Household
section-residence = Residence
section-documents = Documents
section-languages = Languages
section-nationality = Nationality claim
section-needs = Specific needs
section-case = Case

## A. Interview
field-organisation = Organisation
field-interviewer = Interviewer
field-interview_date = Interview date
field-oblast = Oblast or city
field-district = District
field-settlement = Settlement
field-interview_mode = How the person was met
field-interview_language = Interview language
field-interpreter_used = Interpreter used
field-reference = Partner reference number
help-reference = The number on the referral list, if the person came from one.

## B. Consent
field-consent_obtained = Consent given
help-consent-obtained = Explain the purposes first. Without consent only an anonymous tally is kept.
field-consent_given_by = Consent given by
field-representative_name = Representative's name
field-consent_method = How consent was given
field-witness_name = Witness's name
field-consent_legal_assistance = Consents to legal assistance
field-consent_share_authority = Consents to sharing with an authority
field-consent_authority_name = Which authority
field-consent_share_unhcr = Consents to sharing with UNHCR
field-consent_follow_up = Consents to follow-up contact
field-consent_statistics = Consents to anonymous statistics
field-anon_sex = Sex (anonymous tally)
field-anon_age_band = Age band (anonymous tally)
field-anon_category = Category (anonymous tally)

## C. Identity
field-surname = Surname
help-names = As written in the source document; Kazakh letters ә ғ қ ң ө ұ ү һ і are allowed.
field-given_name = Given name
field-patronymic = Patronymic
field-surname_latin = Surname (Latin)
field-given_name_latin = Given name (Latin)
field-aliases = Other names
field-aliases-name = Name
field-aliases-kind = Kind of name
field-aliases-document = Document it appears in
field-sex = Sex
field-birth_date = Date of birth
help-date-precision = YYYY-MM-DD, YYYY-MM, YYYY, DD.MM.YYYY, or ~45 for an estimated age.
field-iin = IIN
field-birth_place = Place of birth
help-birth-place = As the person or the document says it, historical names allowed ("USSR – Uzbek SSR").
field-birth_country = Country of birth
field-ethnicity = Ethnicity
help-ethnicity = Sensitive; only if the person wishes. Never the same as citizenship.
field-phone = Phone

## D. Parents
field-mother_name = Mother's name (as in documents)
field-father_name = Father's name (as in documents)
field-parents = Parents and guardians
field-parents-relation = Relation
field-parents-name = Name
field-parents-birth_date = Date of birth
field-parents-birth_place = Place of birth
field-parents-citizenship = Citizenship
field-parents-citizenship_country = Country of citizenship
field-parents-documents = Documents held
field-parents-whereabouts = Whereabouts
field-parents-record = Parent's own record

## E. Household
field-household_id = Household id
field-relationship_to_head = Relationship to the head of household
field-marital_status = Marital status
field-marriage_registered = Marriage registered
field-spouse_name = Spouse's name
field-spouse_record = Spouse's record
field-household_members = Household members
field-household_members-name = Name
field-household_members-relationship = Relationship
field-household_members-birth_date = Date of birth
field-household_members-birth_certificate = Has a birth certificate
field-household_members-record = Member's own record

## F. Residence
field-residence = Residence history
field-residence-from_date = From
field-residence-to_date = To
field-residence-country = Country
field-residence-oblast = Oblast or city
field-residence-district = District
field-residence-settlement = Settlement
help-historical-names = Historical names are fine (Tselinograd, Alma-Ata, Guryev).
field-residence-registered = Registered (propiska)
field-resident_1992 = Resident in Kazakhstan on 1 March 1992
help-resident-1992 = Worked out from the residence history. Such people are citizens unless they renounced.

## G. Documents
field-documents = Documents
field-documents-doc_type = Document
field-documents-doc_country = Issuing country
field-documents-number = Series and number
field-documents-issuer = Issued by
field-documents-issue_date = Issue date
field-documents-expiry_date = Expiry date
field-documents-doc_status = Status

## H. Languages
field-languages_spoken = Languages spoken
field-preferred_language = Preferred language
field-literacy = Literacy
help-literacy = Decides whether an oral application is needed.

## I. Nationality claim
field-category = Preliminary category
field-profile = Profile
field-claims = Nationality claims
field-claims-country = State
field-claims-basis = Basis
field-claims-steps_taken = Steps already taken
field-claims-enquiry_date = Enquiry sent
field-claims-reply_date = Reply received
field-claims-reply_content = What the reply said

## J. Specific needs
field-specific_needs = Specific needs

## The case
field-status = Status
field-pathway = Pathway
field-next_action = Next action
field-next_action_date = Next action date
field-requests = Requests for documents
field-requests-to = Sent to
field-requests-body = Archive, registry or consulate
field-requests-sent_date = Sent
field-requests-reply_date = Reply received
field-filed_authority = Filed with
field-filed_reference = Filing reference number
field-filed_date = Filing date
field-foreign_enquiry_date = Enquiry to the other state sent
field-decision_outcome = Decision
field-decision_date = Decision date
field-appeal_deadline = Appeal deadline
field-documented_number = New document number
field-documented_expiry = New document expiry
field-documented_iin = IIN on the new document
field-closed_reason = Why the case was closed

## Checks
err-period-order = the period ends before it starts
err-number-id-card = an identity card number has 9 digits
err-number-passport = a Kazakh passport number is N and 8 digits
warn-number-ussr = a USSR passport number usually looks like “IV-ЖЕ 123456”
err-expiry-before-issue = the expiry date is before the issue date
err-reply-before-enquiry = the reply is dated before the enquiry
err-decision-before-filing = the decision is dated before the filing
warn-ussr-passport-only = a USSR passport is the only identity document: it has not been valid in Kazakhstan since 1999
warn-child-no-birth-certificate = a child in the household has no birth certificate: consider birth registration
warn-foreign-reply-5 = five months without a reply from the other state: at six months the person can be documented as stateless
warn-foreign-reply-6 = six months without a reply from the other state: the person can now be documented as stateless
warn-stateless-certificate-age = the stateless person's certificate is issued from age 16

## Choices
choice-sex-female = female
choice-sex-male = male
choice-interview_mode-mobile_visit = mobile visit
choice-interview_mode-office = office
choice-interview_mode-hotline = hotline
choice-interview_mode-referral_school = referred by a school
choice-interview_mode-referral_hospital = referred by a hospital
choice-interview_mode-referral_akimat = referred by an akimat
choice-interview_mode-referral_partner = referred by a partner
choice-consent_given_by-person = the person
choice-consent_given_by-parent = a parent
choice-consent_given_by-guardian = a guardian
choice-consent_method-signature = signature
choice-consent_method-thumbprint = thumbprint
choice-consent_method-oral_witness = oral, with a witness
choice-age_band-age_0_4 = 0–4
choice-age_band-age_5_11 = 5–11
choice-age_band-age_12_17 = 12–17
choice-age_band-age_18_59 = 18–59
choice-age_band-age_60_plus = 60 and over
choice-age_band-unknown = unknown
choice-category-stateless = stateless
choice-category-undetermined = undetermined nationality
choice-category-asylum_seeker = asylum-seeker
choice-category-refugee = refugee
choice-profile-ussr_passport = USSR passport only
choice-profile-never_documented = never documented
choice-profile-child_unregistered = child without birth registration
choice-profile-foreign_unconfirmed = nationality of another state not confirmed
choice-profile-refugee = refugee or asylum-seeker
choice-profile-other = other
choice-alias_kind-maiden = maiden name
choice-alias_kind-other_spelling = other spelling
choice-alias_kind-as_in_document = as written in a document
choice-alias_kind-other = other
choice-parent_relation-mother = mother
choice-parent_relation-father = father
choice-parent_relation-guardian = guardian
choice-citizenship-kazakhstan = Kazakhstan
choice-citizenship-other_state = another state
choice-citizenship-stateless = stateless
choice-citizenship-unknown = unknown
choice-whereabouts-with_person = lives with the person
choice-whereabouts-elsewhere_kz = elsewhere in Kazakhstan
choice-whereabouts-abroad = abroad
choice-whereabouts-deceased = deceased
choice-whereabouts-unknown = unknown
choice-relationship-head = head of household
choice-relationship-spouse = spouse
choice-relationship-child = child
choice-relationship-parent = parent
choice-relationship-sibling = brother or sister
choice-relationship-grandchild = grandchild
choice-relationship-grandparent = grandparent
choice-relationship-other_relative = other relative
choice-relationship-not_related = not related
choice-marital_status-single = single
choice-marital_status-married = married
choice-marital_status-divorced = divorced
choice-marital_status-widowed = widowed
choice-document_type-ussr_passport_1974 = USSR passport (1974 model)
choice-document_type-birth_certificate_ussr = USSR birth certificate
choice-document_type-birth_certificate_kz = Kazakh birth certificate
choice-document_type-kz_id_card = Kazakh identity card
choice-document_type-kz_passport = Kazakh passport
choice-document_type-foreign_passport = foreign passport
choice-document_type-stateless_certificate = stateless person's certificate
choice-document_type-residence_permit = residence permit
choice-document_type-asylum_certificate = asylum-seeker's certificate
choice-document_type-refugee_certificate = refugee certificate
choice-document_type-marriage_certificate = marriage certificate
choice-document_type-military_id = military ID
choice-document_type-work_record_book = work record book
choice-document_type-school_record = school record
choice-document_type-medical_record = medical record
choice-document_type-vaccination_record = vaccination record
choice-document_type-court_decision = court decision
choice-document_type-other = other
choice-document_status-original_seen = original seen
choice-document_status-copy = copy
choice-document_status-lost = lost
choice-document_status-expired = expired
choice-document_status-held_by_third_party = held by a third party
choice-literacy-reads_writes = reads and writes
choice-literacy-reads_only = reads only
choice-literacy-none = neither reads nor writes
choice-claim_basis-birth = birth
choice-claim_basis-descent = descent
choice-claim_basis-marriage = marriage
choice-claim_basis-residence = residence
choice-specific_needs-child_at_risk = child at risk
choice-specific_needs-unaccompanied_child = unaccompanied child
choice-specific_needs-separated_child = separated child
choice-specific_needs-woman_at_risk = woman at risk
choice-specific_needs-older_person_at_risk = older person at risk
choice-specific_needs-disability = disability
choice-specific_needs-serious_medical_condition = serious medical condition
choice-specific_needs-single_parent = single parent
choice-specific_needs-survivor_of_violence = survivor of violence
choice-status-identified = identified
choice-status-intake_done = intake done
choice-status-assessed = assessed
choice-status-gathering_documents = gathering documents
choice-status-filed = filed
choice-status-awaiting_foreign_reply = awaiting foreign reply
choice-status-decision = decision
choice-status-appeal = appeal
choice-status-documented = documented
choice-status-follow_up = follow-up
choice-status-closed = closed
choice-pathway-confirm_kz_citizenship = confirm Kazakh citizenship / replace documents
choice-pathway-confirm_foreign_nationality = confirm another state's nationality (consulate)
choice-pathway-statelessness_determination = statelessness determination
choice-pathway-birth_registration = birth registration
choice-pathway-court_establishment = court establishment of facts
choice-pathway-asylum_referral = asylum referral
choice-request_to-archive = archive
choice-request_to-civil_registry = civil registry
choice-request_to-consulate = consulate
choice-request_to-migration_service = migration service
choice-request_to-other = other
choice-outcome-kz_citizenship_confirmed = Kazakh citizenship confirmed
choice-outcome-citizenship_acquired = citizenship acquired
choice-outcome-other_nationality_confirmed = other nationality confirmed
choice-outcome-stateless_recognised = stateless status recognised
choice-outcome-refugee_recognised = refugee status recognised
choice-outcome-rejected = rejected
choice-closed_reason-resolved = resolved
choice-closed_reason-moved = moved
choice-closed_reason-deceased = deceased
choice-closed_reason-withdrew = withdrew
choice-closed_reason-lost_contact = lost contact
choice-closed_reason-referred = referred
