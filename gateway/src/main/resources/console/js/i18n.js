// Thai first, English switchable. The choice lives in the page's memory and URL (?lang=en), nowhere else.

const T = {
  skip: ['ข้ามไปยังเนื้อหา', 'Skip to content'],
  navLabel: ['เมนูหลัก', 'Main'],
  switchLang: ['English', 'ภาษาไทย'],
  brand: ['LinkGate ระบบเชื่อมโยงข้อมูล', 'LinkGate data exchange'],
  // sign-in
  edgeConnecting: ['กำลังเชื่อมต่อกับโปรแกรม card-edge บนเครื่องนี้…', 'Connecting to card-edge on this workstation…'],
  edgeDown: ['ไม่พบโปรแกรม card-edge บนเครื่องนี้', 'card-edge is not running on this workstation'],
  edgeDownHelp: ['คอนโซลใช้บัตรประจำตัวประชาชนของเจ้าหน้าที่ผ่านโปรแกรม card-edge ที่ต้องทำงานบนเครื่องของท่าน (127.0.0.1 พอร์ต {port}) เปิดโปรแกรมด้วยคำสั่งนี้ในหน้าต่างเทอร์มินัล แล้วหน้านี้จะเชื่อมต่อเอง:',
    'The console uses the officer\'s ID card through card-edge, which must run on this workstation (127.0.0.1 port {port}). Start it in a terminal with this command; this page connects by itself:'],
  edgeDownDemo: ['ในโหมดสาธิตใช้บัตรจำลอง:', 'In the demo, with a simulated card:'],
  edgeRetry: ['ลองเชื่อมต่อใหม่', 'Try again'],
  insertCard: ['กรุณาเสียบบัตรประจำตัวประชาชนของท่าน', 'Insert your ID card'],
  insertCardHelp: ['เมื่อเสียบบัตรแล้ว ให้ใส่รหัส PIN ที่หน้าต่างของโปรแกรม card-edge บนเครื่องนี้ (ไม่ใช่ในหน้าเว็บนี้)',
    'After inserting the card, enter the PIN in card-edge\'s window on this workstation (never in this web page).'],
  cardReading: ['อ่านบัตรแล้ว — กรุณาใส่รหัส PIN ที่โปรแกรม card-edge', 'Card read: enter the PIN in card-edge'],
  signingIn: ['กำลังเข้าสู่ระบบ…', 'Signing in…'],
  loginFailed: ['เข้าสู่ระบบไม่สำเร็จ', 'Sign-in failed'],
  signedOut: ['ออกจากระบบแล้ว เนื่องจากถอดบัตรออก', 'Signed out: the card was removed'],
  sessionLost: ['การเข้าใช้งานสิ้นสุดแล้ว กรุณาถอดบัตรแล้วเสียบใหม่', 'The session has ended; remove and insert the card again'],
  simRemove: ['ถอดบัตรจำลองออก', 'Pull the simulated card out'],
  simInsert: ['เสียบบัตรจำลอง', 'Insert the simulated card'],
  simulatedCard: ['บัตรจำลอง (โหมดสาธิต)', 'Simulated card (demo)'],
  reason_wrong_pin: ['รหัส PIN ไม่ถูกต้อง ถอดบัตรแล้วเสียบใหม่เพื่อลองอีกครั้ง', 'Wrong PIN. Remove and insert the card to try again.'],
  reason_pin_blocked: ['รหัส PIN ถูกระงับ ติดต่อสำนักทะเบียนเพื่อขอรหัสใหม่ แล้วให้ผู้ดูแลปลดล็อก', 'The PIN is blocked: ask a registration office for a new one, then an admin unlocks you.'],
  'reason_officer-not-registered': ['บัตรนี้ไม่ได้ลงทะเบียนเป็นเจ้าหน้าที่ในระบบ', 'This card is not registered as an officer.'],
  'reason_officer-locked': ['บัญชีถูกล็อกหลัง PIN ถูกระงับ ติดต่อผู้ดูแลระบบ', 'Locked after a blocked PIN: contact an admin.'],
  'reason_officer-inactive': ['บัญชีเจ้าหน้าที่ถูกระงับการใช้งาน', 'The officer is deactivated.'],
  'reason_card-expired': ['บัตรหมดอายุ', 'The card has expired.'],
  'reason_device-wrong-agency': ['เครื่องนี้ลงทะเบียนไว้กับหน่วยงานอื่น', 'This workstation is enrolled for another agency.'],
  'reason_gateway-unreachable': ['card-edge ติดต่อเกตเวย์ไม่ได้', 'card-edge cannot reach the gateway.'],
  reason_cancelled: ['ยกเลิกการใส่รหัส PIN', 'The PIN was not entered.'],
  // card-edge's own (its CardAccessException reasons, and a failure of its own) and the gateway's other refusals of a
  // sign-in (SessionProblems); ConsoleI18nTest keeps this list complete
  reason_no_reader: ['ไม่พบเครื่องอ่านบัตร กรุณาเสียบเครื่องอ่านบัตร หรือให้ฝ่ายไอทีตรวจบริการสมาร์ตการ์ด (PC/SC)', 'No card reader: plug one in, or have IT check the smart card service (PC/SC).'],
  reason_no_card: ['ไม่พบบัตรในเครื่องอ่านบัตร', 'There is no card in the reader.'],
  reason_card_removed: ['บัตรถูกถอดออกระหว่างการอ่าน กรุณาเสียบบัตรอีกครั้ง', 'The card was taken out while it was read: insert it again.'],
  reason_not_a_thai_id_card: ['บัตรนี้ไม่ใช่บัตรประจำตัวประชาชนไทย', 'This card is not a Thai ID card.'],
  reason_pin_required: ['บัตรต้องการรหัส PIN ก่อนจึงจะอ่านข้อมูลได้', 'The card asks for its PIN before it can be read.'],
  reason_communication: ['อ่านบัตรไม่สำเร็จ กรุณาถอดบัตรแล้วเสียบใหม่ หากยังไม่ได้ให้ลองเครื่องอ่านบัตรอื่น', 'The card could not be read: remove and insert it again, or try another reader.'],
  reason_error: ['โปรแกรม card-edge ทำงานผิดพลาด กรุณาถอดบัตรแล้วเสียบใหม่ หากยังเกิดอีกให้แจ้งฝ่ายไอที', 'card-edge failed: remove and insert the card again; if it happens again, call IT.'],
  'reason_card-pin-blocked': ['รหัส PIN ของบัตรถูกระงับ ติดต่อสำนักทะเบียนเพื่อขอรหัสใหม่ แล้วให้ผู้ดูแลปลดล็อก', "The card's PIN is blocked: ask a registration office for a new one, then an admin unlocks you."],
  'reason_officer-not-entitled': ['ระดับตำแหน่งหรือบทบาทของท่านไม่มีสิทธิ์ใช้ระบบเชื่อมโยงข้อมูล ติดต่อผู้ดูแลระบบ', 'Your rank or role has no right to the Linkage Center: contact an admin.'],
  'reason_login-throttled': ['เครื่องนี้ถูกปฏิเสธการเข้าสู่ระบบหลายครั้งเกินไป กรุณารอสักครู่แล้วลองใหม่', 'Too many refused sign-ins from this workstation: wait a while, then try again.'],
  'reason_card-authority-unavailable': ['ขณะนี้ตรวจสอบบัตรกับกรมการปกครองไม่ได้ กรุณาถอดบัตรแล้วเสียบใหม่ในอีกสักครู่', 'The card cannot be checked with DOPA right now: remove and insert it again shortly.'],
  'reason_device-unknown': ['เครื่องนี้ยังไม่ได้ลงทะเบียน หรือถูกเพิกถอนแล้ว ติดต่อผู้ดูแลระบบ', 'This workstation is not enrolled, or was revoked: contact an admin.'],
  'reason_device-signature-invalid': ['ลายมือชื่ออิเล็กทรอนิกส์ของเครื่องนี้ไม่ถูกต้อง ติดต่อผู้ดูแลระบบ', "This workstation's signature is not valid: contact an admin."],
  'reason_card-answer-invalid': ['คำตอบจากบัตรไม่ถูกต้อง กรุณาถอดบัตรแล้วเสียบใหม่', "The card's answer is not valid: remove and insert the card again."],
  'reason_challenge-invalid': ['การเข้าสู่ระบบไม่ถูกต้อง กรุณาถอดบัตรแล้วเสียบใหม่', 'The sign-in was not valid: remove and insert the card again.'],
  'reason_challenge-expired': ['การเข้าสู่ระบบใช้เวลานานเกินไป กรุณาถอดบัตรแล้วเสียบใหม่', 'The sign-in took too long: remove and insert the card again.'],
  'reason_challenge-reused': ['การเข้าสู่ระบบนี้ถูกใช้ไปแล้ว กรุณาถอดบัตรแล้วเสียบใหม่', 'This sign-in was already used: remove and insert the card again.'],
  // header / nav
  signOutHint: ['ถอดบัตรเพื่อออกจากระบบ', 'Remove the card to sign out'],
  nav_lookup: ['ตรวจสอบข้อมูล', 'Lookup'],
  nav_reports: ['รายงานประจำเดือน', 'Monthly reports'],
  nav_received: ['รายงานที่ได้รับ', 'Reports received'],
  nav_audit: ['ตรวจสอบการใช้งาน', 'Usage audit'],
  nav_admin: ['ผู้ดูแลระบบ', 'Administration'],
  role_USER: ['ผู้ใช้งาน', 'User'], role_CONTROLLING_SUPERVISOR: ['หัวหน้างานผู้ควบคุม', 'Controlling supervisor'],
  role_HEAD_OF_AGENCY: ['หัวหน้าหน่วยงาน', 'Head of agency'], role_SUPERVISOR: ['ผู้ดูแลระบบงานบริการ', 'Service supervisor'],
  role_ADMIN: ['ผู้ดูแลระบบ', 'Admin'], role_SUPER_ADMIN: ['ผู้ดูแลระบบสูงสุด', 'Super admin'], role_ICT_AUDITOR: ['ผู้ตรวจสอบ ICT', 'ICT auditor'],
  noScreens: ['บทบาทของท่านยังไม่มีหน้าจอในคอนโซล', 'Your roles have no console screen yet'],
  // lookup
  lookupTitle: ['ตรวจสอบข้อมูลทะเบียนราษฎร', 'Population register lookup'],
  citizenId: ['เลขประจำตัวประชาชน', 'Citizen ID'],
  citizenIdHint: ['13 หลัก', '13 digits'],
  dataset: ['ข้อมูล', 'Data'],
  ds_person: ['ข้อมูลบุคคล', 'Person'], ds_house: ['ทะเบียนบ้าน', 'House registration'],
  // an agency service's datasets (admin-shared.js DATASETS)
  'dataset_linkage.person': ['ข้อมูลบุคคล', 'Person'], 'dataset_linkage.house': ['ทะเบียนบ้าน', 'House registration'],
  'dataset_gdx.card-check': ['ตรวจสอบสถานะบัตร', 'Card check'], 'dataset_gdx.juristic': ['ข้อมูลนิติบุคคล', 'Juristic person'],
  service: ['งานบริการ', 'Service'],
  requestRef: ['เลขที่อ้างอิงคำขอ', 'Request reference'],
  requestRefHint: ['เช่น เลขที่คำร้อง (ไม่เกิน 64 ตัวอักษร)', 'e.g. the case number (up to 64 characters)'],
  lookUp: ['ตรวจสอบ', 'Look up'],
  print: ['พิมพ์ (A4)', 'Print (A4)'],
  badCid: ['เลขประจำตัวประชาชนไม่ถูกต้อง (ตรวจสอบหลักสุดท้าย)', 'Not a valid citizen ID (check digit)'],
  badRef: ['เลขที่อ้างอิงใช้ได้เฉพาะ A-Z a-z 0-9 / . _ : # - ไม่เกิน 64 ตัว', 'Reference: up to 64 of A-Z a-z 0-9 / . _ : # -'],
  refHoldsCid: ['เลขที่อ้างอิงต้องไม่มีเลขประจำตัวประชาชน ใช้เลขที่เรื่องของหน่วยงาน (ผู้ที่ถูกค้นถูกบันทึกไว้กับการค้นแล้ว)', 'The reference must not hold a citizen ID: use the case\'s own number (the citizen looked up is recorded with the lookup)'],
  noServices: ['ท่านยังไม่ได้รับมอบหมายงานบริการ ติดต่อผู้ดูแลระบบ', 'You are not assigned to any service: contact an admin'],
  recordPerson: ['ข้อมูลบุคคลจากทะเบียนราษฎร', 'Person, population register'],
  recordHouse: ['ข้อมูลทะเบียนบ้าน', 'House registration'],
  source: ['ที่มา: ศูนย์บริการเชื่อมโยงข้อมูล กรมการปกครอง', 'Source: Linkage Center, Department of Provincial Administration'],
  usageId: ['เลขที่บันทึกการใช้งาน', 'Usage id'],
  lookedUpAt: ['วันเวลาที่ตรวจสอบ', 'Looked up at'],
  officer: ['เจ้าหน้าที่', 'Officer'],
  agency: ['หน่วยงาน', 'Agency'],
  cacheStale: ['ระบบต้นทางขัดข้อง: แสดงสำเนาข้อมูลที่เก็บไว้ล่าสุด ซึ่งอาจไม่เป็นปัจจุบัน', 'The upstream is down: this is the last cached copy and may not be current'],
  f_fullName: ['ชื่อ-ชื่อสกุล', 'Name'], f_englishName: ['ชื่อภาษาอังกฤษ', 'Name in English'], f_dateOfBirth: ['วันเกิด', 'Date of birth'],
  f_age: ['อายุ', 'Age'], f_gender: ['เพศ', 'Gender'], f_nationality: ['สัญชาติ', 'Nationality'], f_status: ['สถานภาพบุคคล', 'Status'],
  f_ownerStatus: ['สถานะในบ้าน', 'Status in the house'], f_moveIn: ['วันที่ย้ายเข้า', 'Moved in'], f_father: ['บิดา', 'Father'], f_mother: ['มารดา', 'Mother'],
  f_houseId: ['รหัสประจำบ้าน', 'House id'], f_houseNo: ['บ้านเลขที่', 'House number'], f_houseType: ['ประเภทบ้าน', 'House type'],
  f_villageNo: ['หมู่ที่', 'Village no.'], f_alley: ['ตรอก/ซอย', 'Lane/alley'], f_road: ['ถนน', 'Road'], f_subdistrict: ['ตำบล/แขวง', 'Subdistrict'],
  f_district: ['อำเภอ/เขต', 'District'], f_province: ['จังหวัด', 'Province'], f_registrar: ['สำนักทะเบียน', 'Registration office'],
  years: ['ปี', 'years'],
  // refusals
  p_rate: ['ตรวจสอบถี่เกินกำหนด กรุณารอ {s} วินาที (ลองใหม่ได้เวลา {at})', 'Too many lookups: wait {s} seconds (try again at {at})'],
  'p_quota-officer-daily': ['ใช้โควตาการตรวจสอบของวันนี้ครบแล้ว ลองใหม่ได้เวลา {at}', 'Your daily lookup quota is used up; try again at {at}'],
  'p_quota-agency-monthly': ['หน่วยงานใช้โควตาประจำเดือนครบแล้ว ลองใหม่ได้เวลา {at}', 'The agency\'s monthly quota is used up; try again at {at}'],
  'p_outside-working-hours': ['อยู่นอกวันเวลาทำการที่หน่วยงานได้รับอนุญาต', 'Outside the agency\'s permitted working days and hours'],
  p_right: ['ท่านไม่มีสิทธิ์ตรวจสอบข้อมูลนี้สำหรับงานบริการที่เลือก', 'You have no right to this data for the chosen service'],
  p_upstream: ['ระบบต้นทาง (ศูนย์บริการเชื่อมโยงข้อมูล) ขัดข้องชั่วคราว และไม่มีสำเนาข้อมูลที่เก็บไว้ กรุณาลองใหม่{after}', 'The upstream (Linkage Center) is down and no cached copy exists; try again{after}'],
  p_after: [' ในอีก {s} วินาที', ' in {s} seconds'],
  p_notFound: ['ไม่พบข้อมูลของเลขประจำตัวประชาชนนี้', 'No record for this citizen ID'],
  p_input: ['ข้อมูลที่ส่งไม่ถูกต้อง', 'Invalid input'],
  p_other: ['ไม่สำเร็จ', 'Failed'],
  p_unreachable: ['ติดต่อเกตเวย์ไม่ได้', 'The gateway cannot be reached'],
  p_http: ['เกตเวย์ตอบกลับ HTTP {status}', 'The gateway answered HTTP {status}'],
  refusedUsage: ['(บันทึกการใช้งาน {id})', '(usage record {id})'],
  // reports
  reportsTitle: ['รายงานการใช้งานประจำเดือน', 'Monthly usage reports'],
  receivedTitle: ['รายงานที่ได้รับสำหรับงานบริการของท่าน', 'Reports received for your services'],
  escalatedTitle: ['รายงานที่ส่งต่อให้ ICT ตรวจสอบ', 'Reports escalated to ICT'],
  month: ['เดือน', 'Month'], state: ['สถานะ', 'State'], anomalies: ['ความผิดปกติ', 'Anomalies'], due: ['กำหนด', 'Due'],
  verifyDue: ['ตรวจสอบภายใน', 'Verify by'], sendDue: ['ส่งภายใน', 'Send by'], overdue: ['เลยกำหนด', 'Overdue'],
  overdue_verify: ['เลยกำหนดตรวจสอบ', 'Verification overdue'], overdue_send: ['เลยกำหนดส่ง', 'Sending overdue'], version: ['ฉบับที่', 'Version'],
  open: ['เปิด', 'Open'], back: ['กลับ', 'Back'], preview: ['ดูตัวอย่างเดือนปัจจุบัน', 'Preview this month'], generate: ['สร้างรายงาน', 'Generate'],
  st_DRAFT: ['ร่าง', 'Draft'], st_SUBMITTED: ['ส่งแล้ว', 'Submitted'], st_VERIFIED: ['ตรวจสอบแล้ว', 'Verified'], st_REVIEWED: ['หัวหน้าพิจารณาแล้ว', 'Reviewed'],
  st_SENT_TO_SUPERVISOR: ['ส่งผู้ดูแลระบบงานบริการแล้ว', 'Sent to the supervisor'], st_ESCALATED_TO_ICT: ['ส่งต่อ ICT ตรวจสอบ', 'Escalated to ICT'],
  st_PREVIEW: ['ตัวอย่าง (เดือนยังไม่ปิด)', 'Preview (month open)'], st_SUPERSEDED: ['ถูกแทนที่', 'Superseded'],
  totals: ['สรุปยอด', 'Totals'], t_requests: ['คำขอทั้งหมด', 'Requests'], t_served: ['ให้บริการ', 'Served'], t_refused: ['ถูกปฏิเสธ', 'Refused'],
  t_upstreamErrors: ['ระบบต้นทางขัดข้อง', 'Upstream errors'], t_cacheHits: ['จากแคช', 'Cache hits'], t_distinctCitizens: ['จำนวนประชาชนที่ให้บริการสำเร็จ', 'Distinct citizens served'],
  t_withoutRequestRef: ['ไม่มีเลขอ้างอิง', 'Without reference'],
  perService: ['แยกตามงานบริการ', 'Per service'], perOfficer: ['แยกตามเจ้าหน้าที่', 'Per officer'],
  noAnomaly: ['ไม่พบความผิดปกติ', 'No anomaly'], notListed: ['และอีก {n} รายการที่ไม่ได้แสดง', 'and {n} more not listed'], evidence: ['หลักฐาน (เลขที่บันทึกการใช้งาน)', 'Evidence (usage ids)'], figures: ['ตัวเลข', 'Figures'],
  fig_requests: ['คำขอ', 'requests'], fig_lookups: ['การเรียกดู', 'lookups'], fig_refused: ['ถูกปฏิเสธ', 'refused'],
  fig_ownMonthlyAverage: ['ค่าเฉลี่ยต่อเดือนของตนเอง (3 เดือนก่อน)', 'own monthly average (3 months before)'],
  fig_peerMedian: ['ค่ามัธยฐานของเจ้าหน้าที่ในหน่วยงาน', 'median of the agency\'s officers'], fig_officers: ['จำนวนเจ้าหน้าที่', 'officers'],
  fig_withoutReference: ['ไม่มีเลขที่อ้างอิงคำขอ', 'without a request reference'],
  fig_overlappingSessionPairs: ['คู่รอบการใช้งานที่ซ้อนกัน', 'overlapping session pairs'], fig_devices: ['จำนวนเครื่อง', 'devices'],
  fig_blockedPins: ['PIN ถูกระงับ', 'blocked PINs'],
  signOffs: ['การลงนาม', 'Sign-offs'], comment: ['ความเห็น', 'Comment'], commentRequired: ['กรุณาใส่ความเห็น', 'Enter a comment'],
  a_submit: ['ส่งรายงาน', 'Submit'], a_verify: ['ตรวจสอบและรับรอง', 'Verify'], a_review: ['พิจารณา', 'Review'],
  a_send: ['ส่งผู้ดูแลระบบงานบริการ', 'Send to the supervisor'], a_escalate: ['ส่งต่อ ICT ตรวจสอบ', 'Escalate to ICT'],
  s_SUBMIT: ['ส่งรายงาน', 'Submitted'], s_VERIFY: ['ตรวจสอบ', 'Verified'], s_REVIEW: ['พิจารณา', 'Reviewed'], s_SEND: ['ส่งต่อ', 'Sent'], s_ESCALATE: ['ส่งต่อ ICT', 'Escalated'],
  signed: ['ลงนามแล้ว', 'Signed'], downloadCsv: ['ดาวน์โหลด CSV', 'Download CSV'], downloadPdf: ['ดาวน์โหลด PDF', 'Download PDF'],
  yourStep: ['ขั้นตอนของท่าน', 'Your step'], noStep: ['ไม่มีขั้นตอนที่ท่านต้องดำเนินการในขณะนี้', 'Nothing for you to sign now'],
  noReports: ['ยังไม่มีรายงาน', 'No reports yet'],
  reportsTruncated: ['แสดง 500 รายการแรก โปรดระบุหน่วยงาน เดือน หรือสถานะเพื่อดูรายการที่เหลือ', 'The first 500 reports are shown: choose an agency, month or state to see the rest'],
  // audit
  auditTitle: ['ค้นหาบันทึกการใช้งาน', 'Search the usage log'], from: ['ตั้งแต่', 'From'], to: ['ถึง', 'To'], outcome: ['ผล', 'Outcome'],
  o_SERVED: ['ให้บริการ', 'Served'], o_REFUSED: ['ปฏิเสธ', 'Refused'], o_UPSTREAM_ERROR: ['ระบบต้นทางขัดข้อง', 'Upstream failed'],
  o_ERROR: ['ข้อผิดพลาดของเกตเวย์', 'Gateway error'],
  officerId: ['รหัสเจ้าหน้าที่', 'Officer id'], search: ['ค้นหา', 'Search'], more: ['เพิ่มเติม', 'More'],
  citizenSearchHint: ['ค้นหาด้วยค่าแฮชแบบมีกุญแจ; การค้นหาถูกบันทึกไว้', 'Matched through the keyed hash; the search is audited'],
  live: ['การใช้งานแบบสด', 'Live usage'], liveStart: ['เริ่มติดตาม', 'Follow'], liveStop: ['หยุด', 'Stop'],
  toHint: ['รวมทั้งวันที่เลือก', 'The whole day chosen included'],
  liveSessionEnded: ['การเชื่อมต่อสิ้นสุด: เซสชันบัตรของท่านสิ้นสุดแล้ว', 'Stopped: your card session ended'],
  liveShown: ['แสดง {n} รายการล่าสุด (สูงสุด 200)', 'Showing the latest {n} (at most 200)'],
  liveAccessChanged: ['การเชื่อมต่อสิ้นสุด: สิทธิ์ของท่านเปลี่ยนไป เปิดใหม่เพื่อดูตามสิทธิ์ปัจจุบัน', 'Stopped: your access changed; start again to follow what you may read now'],
  liveEnded: ['การเชื่อมต่อสิ้นสุด: เกตเวย์ปิดการติดตาม กด "เริ่มติดตาม" เพื่อเริ่มใหม่', 'Stopped: the gateway closed the stream; press Follow to start again'],
  liveWaiting: ['กำลังรอรายการใหม่…', 'Waiting for new records…'], time: ['เวลา', 'Time'], status: ['รหัสสถานะ', 'Status'],
  // admin
  adminTitle: ['การจัดการทะเบียน', 'Registry administration'], tab_agencies: ['หน่วยงาน', 'Agencies'], tab_keys: ['กุญแจ API', 'API keys'],
  tab_services: ['งานบริการ', 'Services'], tab_officers: ['เจ้าหน้าที่', 'Officers'], tab_devices: ['เครื่องลูกข่าย', 'Devices'], tab_compliance: ['การปฏิบัติตามข้อกำหนด', 'Compliance'],
  code: ['รหัส', 'Code'], name: ['ชื่อ', 'Name'], quota: ['โควตาต่อเดือน', 'Monthly quota'], hours: ['เวลาทำการ', 'Working hours'], active: ['ใช้งาน', 'Active'],
  save: ['บันทึก', 'Save'], saved: ['บันทึกแล้ว', 'Saved'], label: ['ป้ายชื่อ', 'Label'], prefix: ['ขึ้นต้นด้วย', 'Prefix'], created: ['สร้างเมื่อ', 'Created'],
  revoked: ['ยกเลิกแล้ว', 'Revoked'], revoke: ['ยกเลิก', 'Revoke'], newKey: ['สร้างกุญแจใหม่', 'New key'],
  secretOnce: ['กุญแจนี้แสดงเพียงครั้งเดียว คัดลอกไปตั้งค่าในระบบของหน่วยงาน:', 'This key is shown once: copy it into the agency system now:'],
  rank: ['ระดับ', 'Rank'], roles: ['บทบาท', 'Roles'], services: ['งานบริการ', 'Services'], locked: ['ถูกล็อก', 'Locked'],
  unlock: ['ปลดล็อก', 'Unlock'], deactivate: ['ระงับ', 'Deactivate'], activate: ['เปิดใช้งาน', 'Activate'],
  lastSeen: ['ใช้ล่าสุด', 'Last seen'], enroll: ['ลงทะเบียนเครื่อง', 'Enroll'], publicKey: ['กุญแจสาธารณะ', 'Public key'], deviceId: ['รหัสเครื่อง', 'Device id'],
  fewUsers: ['งานบริการที่มีผู้ใช้งานน้อยกว่า 2 คน', 'Services with fewer than two users'], usersNoServices: ['ผู้ใช้งานที่ไม่มีงานบริการ', 'Users without services'],
  unusedDevices: ['เครื่องที่ไม่ได้ใช้ 90 วันขึ้นไป', 'Devices unused for 90 days or more'], users: ['ผู้ใช้งาน', 'Users'], days: ['วัน', 'days'],
  // admin forms
  officeCode: ['รหัสสำนักงาน', 'Office code'], officeCodeHint: ['ตัวเลข 5 หลัก เช่น 00023', '5 digits, e.g. 00023'],
  nameTh: ['ชื่อภาษาไทย', 'Name in Thai'], nameEn: ['ชื่อภาษาอังกฤษ', 'Name in English'],
  workDays: ['วันทำการ', 'Working days'], workStart: ['เริ่มเวลาทำการ', 'Working hours from'], workEnd: ['สิ้นสุดเวลาทำการ', 'Working hours until'],
  day_MON: ['จ.', 'Mon'], day_TUE: ['อ.', 'Tue'], day_WED: ['พ.', 'Wed'], day_THU: ['พฤ.', 'Thu'], day_FRI: ['ศ.', 'Fri'], day_SAT: ['ส.', 'Sat'], day_SUN: ['อา.', 'Sun'],
  newAgency: ['เพิ่มหน่วยงาน', 'New agency'], editAgency: ['แก้ไขหน่วยงาน', 'Edit agency'],
  agencyCodeHint: ['2–32 ตัว: A-Z 0-9 _ - เปลี่ยนภายหลังไม่ได้', '2 to 32 of A-Z 0-9 _ -; cannot be changed later'],
  agencyCreated: ['เพิ่มหน่วยงาน {code} แล้ว', 'Agency {code} created'],
  agencySaved: ['บันทึกหน่วยงาน {code} แล้ว (เวลาทำการ {hours})', 'Agency {code} saved (working hours {hours})'],
  catalogue: ['ทะเบียนงานบริการระดับประเทศ', 'National service catalogue'], newService: ['เพิ่มงานบริการ', 'New service'],
  editService: ['แก้ไขงานบริการ', 'Edit service'], serviceCodeHint: ['เช่น NC-CIVILREG เปลี่ยนภายหลังไม่ได้', 'e.g. NC-CIVILREG; cannot be changed later'],
  serviceSaved: ['บันทึกงานบริการ {code} แล้ว', 'Service {code} saved'],
  agencyServices: ['งานบริการที่หน่วยงานให้บริการ', 'Services the agency performs'], addAgencyService: ['เพิ่มงานบริการให้หน่วยงาน', 'Add a service to the agency'],
  datasets: ['ข้อมูลที่อนุญาต', 'Datasets granted'], otherDatasets: ['ข้อมูลอื่นของศูนย์เชื่อมโยง', 'Other Linkage services'],
  otherDatasetsHint: ['เช่น linkage.013 คั่นด้วยช่องว่าง', 'e.g. linkage.013, separated by spaces'],
  datasetsRequired: ['เลือกข้อมูลอย่างน้อยหนึ่งรายการ', 'Choose at least one dataset'],
  sessionRate: ['อัตราต่อเซสชัน (ครั้ง/วินาที)', 'Session rate (lookups per second)'], sessionBurst: ['จำนวนต่อเนื่องสูงสุดต่อเซสชัน', 'Session burst'],
  inheritHint: ['เว้นว่าง = ใช้ค่าตั้งต้นของระบบ', 'Empty: the gateway\'s limits apply'], inherited: ['ค่าตั้งต้น', 'default'],
  rateBurst: ['อัตรา / ต่อเนื่อง', 'rate / burst'],
  agencyServiceSaved: ['บันทึกงานบริการ {service} ของ {agency} แล้ว', 'Service {service} of {agency} saved'],
  registerOfficer: ['ลงทะเบียนเจ้าหน้าที่', 'Register an officer'], editOfficer: ['แก้ไขเจ้าหน้าที่', 'Edit officer'], register: ['ลงทะเบียน', 'Register'],
  cidOk: ['หลักตรวจสอบถูกต้อง', 'Check digit correct'], cidBad: ['หลักตรวจสอบไม่ถูกต้อง ตรวจสอบเลขอีกครั้ง', 'Check digit wrong: check the number'],
  rankHint: ['เฉพาะระดับที่กำหนดไว้จึงเป็นผู้ใช้งาน (USER) ได้ ระบบจะตรวจสอบ', 'Only the configured ranks may hold USER; the gateway checks'],
  ownRolesHint: ['ท่านเปลี่ยนบทบาทของตนเองไม่ได้', 'You cannot change your own roles'],
  privilegedHint: ['บทบาทผู้ดูแลระบบและผู้ตรวจสอบ ICT กำหนดได้โดยผู้ดูแลระบบสูงสุดเท่านั้น', 'Only a super admin grants the admin roles and ICT_AUDITOR'],
  superAdminOnly: ['เจ้าหน้าที่ผู้นี้เป็นผู้ดูแลระบบหรือผู้ตรวจสอบ ICT: แก้ไขได้โดยผู้ดูแลระบบสูงสุดเท่านั้น', 'This officer is an admin or an ICT auditor: only a super admin changes them'],
  userServicesHint: ['ผู้ใช้งานได้รับงานบริการที่หน่วยงาน {agency} ให้บริการ', 'A user gets services that agency {agency} performs'],
  serviceKept: ['{service} (ไม่เปิดให้บริการในขณะนี้: คงไว้จนกว่าจะยกเลิกการเลือก)', '{service} (not offered now: kept until you untick it)'],
  supervisorServicesHint: ['งานบริการจากทะเบียนระดับประเทศ (สำหรับผู้ดูแลระบบงานบริการ)', 'Services of the national catalogue (for service supervisors)'],
  officerRegistered: ['ลงทะเบียน {name} ที่ {agency} แล้ว', '{name} registered at {agency}'],
  officerSaved: ['บันทึกข้อมูล {name} แล้ว', '{name} saved'], sessionsEnded: ['ปิดการเข้าใช้งานที่เปิดอยู่ {n} รายการ', '{n} open session(s) ended'],
  unlocked: ['ปลดล็อก {name} แล้ว', '{name} unlocked'],
  publicKeyHint: ['วางกุญแจ หรือข้อความทั้งหมดที่คำสั่ง card-edge enroll พิมพ์ออกมา', 'Paste the key, or the whole block card-edge enroll printed'],
  deviceEnrolled: ['ลงทะเบียนเครื่อง {id} ให้ {agency} แล้ว', 'Device {id} enrolled for {agency}'],
  confirmRevoke: ['กดอีกครั้งเพื่อยืนยันการยกเลิก {id}', 'Press again to revoke {id}'],
  deviceRevoked: ['ยกเลิกเครื่อง {id} และปิดการเข้าใช้งานจากเครื่องนี้แล้ว', 'Device {id} revoked; its sessions have ended'],
  confirmRevokeKey: ['กดอีกครั้งเพื่อยืนยันการยกเลิกกุญแจ {key}', 'Press again to revoke key {key}'],
  keyRevoked: ['ยกเลิกกุญแจ {key} แล้ว ระบบของหน่วยงานที่ใช้กุญแจนี้จะถูกปฏิเสธ', 'Key {key} revoked: the agency systems using it are refused'],
  rank_O1: ['ปฏิบัติงาน', 'Operational'], rank_O2: ['ชำนาญงาน', 'Experienced'], rank_O3: ['อาวุโส', 'Senior'], rank_O4: ['ทักษะพิเศษ', 'Highly skilled'],
  rank_K1: ['ปฏิบัติการ', 'Practitioner'], rank_K2: ['ชำนาญการ', 'Professional'], rank_K3: ['ชำนาญการพิเศษ', 'Senior professional'],
  rank_K4: ['เชี่ยวชาญ', 'Expert'], rank_K5: ['ทรงคุณวุฒิ', 'Advisory'], rank_M1: ['อำนวยการต้น', 'Director, primary'], rank_M2: ['อำนวยการสูง', 'Director, higher'],
  rank_S1: ['บริหารต้น', 'Executive, primary'], rank_S2: ['บริหารสูง', 'Executive, higher'], rank_EMPLOYEE: ['พนักงาน/ลูกจ้าง', 'Employee'],
  // auditor's officer picker
  officerAny: ['พิมพ์ชื่อเพื่อค้นหาเจ้าหน้าที่ (เว้นว่าง = ทุกคน)', 'Type a name to find an officer (empty: everyone)'],
  officerPick: ['เลือกเจ้าหน้าที่จากรายชื่อ', 'Choose the officer from the list'], officerChosen: ['เลือกแล้ว', 'Chosen'],
  officerChoose: ['พบ {n} คน กรุณาเลือกจากรายชื่อ', '{n} officers match: choose one from the list'],
  noOfficers: ['ไม่พบเจ้าหน้าที่ชื่อนี้', 'No officer by that name'], inactive: ['ระงับแล้ว', 'deactivated'],
  // every problem type the gateway answers with, by slug: its title in Thai (the detail stays the gateway's own,
  // in English); ConsoleI18nTest keeps this list equal to the code's
  'pt_admin-required': ['ต้องมีบทบาทผู้ดูแลระบบ', 'Admin role required'],
  'pt_agency-inactive': ['หน่วยงานของการเข้าใช้งานนี้ถูกระงับ', 'The card session\'s agency is not active'],
  'pt_agency-mismatch': ['กุญแจ API และบัตรของเจ้าหน้าที่เป็นของคนละหน่วยงาน', 'API key and card session belong to different agencies'],
  'pt_api-key-invalid': ['กุญแจ API ของหน่วยงานไม่ถูกต้องหรือถูกเพิกถอน', 'Unknown or revoked agency API key'],
  'pt_api-key-required': ['ต้องส่งกุญแจ API ของหน่วยงาน', 'Agency API key required'],
  'pt_bad-request': ['คำขอไม่ถูกต้อง', 'Bad request'],
  'pt_body-too-large': ['เนื้อหาคำขอใหญ่เกินไป', 'Request body too large'],
  'pt_card-answer-invalid': ['คำตอบจากบัตรไม่ถูกต้อง', 'The card\'s answer is not valid'],
  'pt_card-authority-unavailable': ['ตรวจสอบบัตรไม่ได้ในขณะนี้', 'Card verification unavailable'],
  'pt_card-expired': ['บัตรของเจ้าหน้าที่หมดอายุ', 'The officer\'s card has expired'],
  'pt_card-pin-blocked': ['รหัส PIN ของบัตรถูกระงับ', 'The card\'s PIN is blocked'],
  'pt_challenge-expired': ['การเข้าสู่ระบบหมดเวลา', 'Challenge expired'],
  'pt_challenge-invalid': ['การเข้าสู่ระบบไม่ถูกต้อง', 'Unknown or altered challenge'],
  'pt_challenge-reused': ['การเข้าสู่ระบบนี้ถูกใช้ไปแล้ว', 'Challenge already used'],
  'pt_client-error': ['คำขอถูกปฏิเสธ', 'The request was refused'],
  'pt_conflict': ['มีอยู่แล้ว', 'Already exists'],
  'pt_dataset-not-granted': ['งานบริการนี้ไม่ได้รับสิทธิ์ในชุดข้อมูลนี้', 'The service does not grant this dataset'],
  'pt_device-signature-invalid': ['ลายมือชื่อของเครื่องไม่ถูกต้อง', 'Invalid device signature'],
  'pt_device-unknown': ['เครื่องยังไม่ได้ลงทะเบียนหรือถูกเพิกถอน', 'Unknown or revoked device'],
  'pt_device-wrong-agency': ['เครื่องลงทะเบียนไว้กับหน่วยงานอื่น', 'Device enrolled for another agency'],
  'pt_headers-too-large': ['ส่วนหัวของคำขอใหญ่เกินไป', 'Request headers too large'],
  'pt_internal-error': ['เกตเวย์ขัดข้องภายใน', 'Internal error'],
  'pt_invalid-citizen-id': ['เลขประจำตัวประชาชนไม่ถูกต้อง', 'Invalid citizen ID'],
  'pt_invalid-input': ['ข้อมูลที่กรอกไม่ถูกต้อง', 'Invalid input'],
  'pt_juristic-person-not-found': ['ไม่พบนิติบุคคลนี้', 'No such juristic person'],
  'pt_linkage-card-not-latest': ['ไม่ใช่บัตรใบล่าสุดของเจ้าหน้าที่', 'Not the officer\'s latest card'],
  'pt_linkage-card-record-not-found': ['ไม่พบข้อมูลบัตร', 'Card record not found'],
  'pt_linkage-citizen-not-logged-in': ['ประชาชนยังไม่ได้ยืนยันตัวตนเพื่อให้ความยินยอม', 'Citizen consent session missing'],
  'pt_linkage-data-not-found': ['ไม่พบข้อมูล', 'No data found'],
  'pt_linkage-face-image-not-found': ['ไม่พบภาพใบหน้า', 'Face image not found'],
  'pt_linkage-face-image-too-large': ['ภาพใบหน้าใหญ่เกินไป', 'Face image too large'],
  'pt_linkage-invalid-answer': ['คำตอบจากศูนย์บริการเชื่อมโยงข้อมูลไม่ถูกต้อง', 'Invalid answer from the Linkage Center'],
  'pt_linkage-no-office-code': ['ไม่มีรหัสสำนักงาน', 'No office code'],
  'pt_linkage-no-right': ['เจ้าหน้าที่ไม่มีสิทธิ์ใช้ศูนย์บริการเชื่อมโยงข้อมูล', 'Officer has no Linkage right'],
  'pt_linkage-officer-not-logged-in': ['เจ้าหน้าที่ยังไม่ได้เข้าสู่ศูนย์บริการเชื่อมโยงข้อมูล', 'Officer not logged in at the Linkage Center'],
  'pt_linkage-officer-not-registered': ['เจ้าหน้าที่ไม่ได้ลงทะเบียนกับศูนย์บริการเชื่อมโยงข้อมูล', 'Officer not registered at the Linkage Center'],
  'pt_linkage-outside-working-time': ['นอกเวลาที่อนุญาตให้ใช้งาน', 'Outside the permitted working time'],
  'pt_linkage-payload-too-large': ['ข้อมูลเกิน 64 KB', 'Payload over 64 KB'],
  'pt_linkage-provider-error': ['หน่วยงานเจ้าของข้อมูลขัดข้อง', 'The data provider behind the Linkage Center failed'],
  'pt_linkage-query-not-encoded': ['คำค้นไม่ได้เข้ารหัส URL', 'Query not URL-encoded'],
  'pt_linkage-query-type-unsupported': ['งานบริการไม่รองรับการค้นแบบนี้', 'Query type not supported by the service'],
  'pt_linkage-quota-exhausted': ['โควตาของศูนย์บริการเชื่อมโยงข้อมูลหมดแล้ว', 'Linkage quota exhausted'],
  'pt_linkage-quota-zero': ['ไม่มีโควตาของศูนย์บริการเชื่อมโยงข้อมูล', 'No Linkage quota'],
  'pt_linkage-refused': ['ศูนย์บริการเชื่อมโยงข้อมูลปฏิเสธ', 'Refused by the Linkage Center'],
  'pt_linkage-service-not-found': ['ไม่พบงานบริการของศูนย์บริการเชื่อมโยงข้อมูล', 'Linkage service not found'],
  'pt_linkage-service-not-permitted': ['ไม่มีสิทธิ์ในงานบริการนี้ของศูนย์บริการเชื่อมโยงข้อมูล', 'No right to this Linkage service'],
  'pt_linkage-upstream-timeout': ['ระบบต้นทางตอบไม่ทันเวลา', 'Upstream service timed out'],
  'pt_linkage-wrong-pin': ['รหัส PIN ไม่ถูกต้อง (ศูนย์บริการเชื่อมโยงข้อมูล)', 'Wrong PIN at the Linkage Center'],
  'pt_login-throttled': ['เครื่องนี้ถูกปฏิเสธการเข้าสู่ระบบบ่อยเกินไป', 'Too many refusals for this workstation'],
  'pt_method-not-allowed': ['ไม่รองรับวิธีเรียกนี้', 'Method not allowed'],
  'pt_not-acceptable': ['ไม่มีรูปแบบข้อมูลที่ขอ', 'Not acceptable'],
  'pt_not-found': ['ไม่พบรายการนี้', 'No such resource'],
  'pt_not-implemented': ['ไม่รองรับ', 'Not implemented'],
  'pt_officer-inactive': ['เจ้าหน้าที่ถูกระงับการใช้งาน', 'Officer deactivated'],
  'pt_officer-locked': ['เจ้าหน้าที่ถูกล็อกหลังรหัส PIN ถูกระงับ', 'Officer locked after a blocked PIN'],
  'pt_officer-not-entitled': ['ระดับหรือบทบาทไม่มีสิทธิ์ใช้ศูนย์บริการเชื่อมโยงข้อมูล', 'Rank or role without Linkage right'],
  'pt_officer-not-registered': ['เจ้าหน้าที่ไม่ได้ลงทะเบียนในระบบ', 'Officer not registered'],
  'pt_officer-not-user': ['การค้นข้อมูลต้องมีบทบาทผู้ใช้งาน', 'Lookups need the USER role'],
  'pt_outside-working-hours': ['นอกเวลาทำการที่หน่วยงานอนุญาต', 'Outside the agency\'s permitted working hours'],
  'pt_own-roles': ['เจ้าหน้าที่เปลี่ยนบทบาทของตนเองไม่ได้', 'Officers cannot change their own roles'],
  'pt_quota-agency-monthly': ['โควตารายเดือนของหน่วยงานหมดแล้ว', 'The agency\'s monthly lookup quota is used up'],
  'pt_quota-officer-daily': ['โควตารายวันของเจ้าหน้าที่หมดแล้ว', 'The officer\'s daily lookup quota is used up'],
  'pt_rank-not-entitled': ['ระดับนี้มีบทบาทผู้ใช้งานไม่ได้', 'Rank may not hold USER'],
  'pt_rate-limit-session': ['ค้นข้อมูลถี่เกินไปในการเข้าใช้งานนี้', 'Too many lookups in this card session'],
  'pt_report-changed': ['รายงานเปลี่ยนไปจากฉบับที่ท่านอนุมัติ', 'The report is not the one you approved'],
  'pt_report-closed': ['รายงานถูกส่งต่อหรือส่งให้ ICT ตรวจสอบแล้ว', 'The report was already sent on or escalated'],
  'pt_report-forbidden': ['ไม่มีสิทธิ์ดูรายงานนี้', 'Not allowed to see this report'],
  'pt_report-month-open': ['เดือนนี้ยังไม่สิ้นสุด', 'The month has not ended yet'],
  'pt_report-not-found': ['ไม่พบรายงานนี้', 'No such report'],
  'pt_report-pdf-unavailable': ['สร้างไฟล์ PDF ไม่ได้ในขณะนี้', 'PDF rendering unavailable'],
  'pt_report-same-signer': ['เจ้าหน้าที่หนึ่งคนลงนามรายงานได้ในบทบาทเดียว', 'One officer signs a report in one role only'],
  'pt_report-state': ['รายงานไม่ได้อยู่ที่ขั้นตอนนี้', 'The report is not at this step'],
  'pt_report-step-forbidden': ['ไม่มีสิทธิ์ลงนามขั้นตอนนี้', 'Not allowed to sign this step'],
  'pt_request-timeout': ['คำขอหมดเวลา', 'Request timeout'],
  'pt_role-required': ['ต้องมีบทบาทที่กำหนด', 'Role required'],
  'pt_sandbox-overrides-full': ['ตั้งค่าจำลองระบบต้นทางมากเกินไป', 'Too many sandbox overrides'],
  'pt_service-code-required': ['ต้องระบุรหัสงานบริการ (X-Service-Code)', 'X-Service-Code required'],
  'pt_service-not-assigned': ['เจ้าหน้าที่ไม่ได้รับมอบหมายงานบริการนี้', 'Officer not assigned to this service'],
  'pt_service-unknown': ['หน่วยงานไม่มีงานบริการนี้', 'The agency does not perform this service'],
  'pt_session-ended': ['การเข้าใช้งานสิ้นสุดแล้ว', 'Card session ended'],
  'pt_session-expired': ['การเข้าใช้งานหมดอายุ', 'Card session expired'],
  'pt_session-invalid': ['ไม่พบการเข้าใช้งานนี้', 'Unknown card session'],
  'pt_session-required': ['ต้องเข้าสู่ระบบด้วยบัตร', 'Card session required'],
  'pt_super-admin-required': ['ต้องมีบทบาทผู้ดูแลระบบสูงสุด', 'SUPER_ADMIN role required'],
  'pt_unavailable': ['ระบบไม่พร้อมให้บริการชั่วคราว', 'Service unavailable'],
  'pt_unknown-reference': ['ไม่พบหน่วยงานหรืองานบริการที่อ้างถึง', 'Unknown agency or service'],
  'pt_unsupported-media-type': ['ไม่รองรับรูปแบบข้อมูลนี้', 'Unsupported media type'],
  'pt_upstream-busy': ['ระบบต้นทางมีคำขอค้างอยู่มากเกินไป', 'Too many calls in flight to the upstream'],
  'pt_upstream-circuit-open': ['ตัดการเชื่อมต่อระบบต้นทางชั่วคราว', 'Upstream temporarily cut off'],
  'pt_upstream-error': ['ระบบต้นทางขัดข้อง', 'The upstream failed'],
  'pt_upstream-refused': ['ระบบต้นทางปฏิเสธเกตเวย์', 'Upstream refused the gateway'],
  'pt_upstream-timeout': ['ระบบต้นทางตอบไม่ทันเวลา', 'Upstream timed out'],
  'pt_upstream-unavailable': ['ระบบต้นทางไม่พร้อมให้บริการ', 'Upstream unavailable'],
  'pt_uri-too-long': ['ที่อยู่คำขอยาวเกินไป', 'Request URI too long'],
  'pt_usage-access-denied': ['ไม่มีสิทธิ์อ่านบันทึกการใช้งาน', 'Not allowed to read the usage log'],
  'pt_usage-log-unavailable': ['บันทึกการใช้งานไม่พร้อม', 'Usage log unavailable'],
  yes: ['ใช่', 'yes'], no: ['ไม่', 'no'], loading: ['กำลังโหลด…', 'Loading…'], failed: ['ไม่สำเร็จ', 'Failed'], all: ['ทั้งหมด', 'All'],
};

let current = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'th';
const listeners = [];

export function lang() { return current; }

export function setLang(l) {
  current = l === 'en' ? 'en' : 'th';
  document.documentElement.lang = current;
  const url = new URL(location.href);
  if (current === 'en') url.searchParams.set('lang', 'en'); else url.searchParams.delete('lang');
  history.replaceState(null, '', url);
  listeners.forEach(fn => fn());
}

export function onLang(fn) { listeners.push(fn); }

export function t(key, vars) {
  const entry = T[key];
  let s = entry ? entry[current === 'th' ? 0 : 1] : key;
  for (const [k, v] of Object.entries(vars || {})) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function has(key) { return key in T; }

/** The text of {@code key} in the page's language, or {@code fallback} when the table has no such key. */
export function tOr(key, fallback) { return has(key) ? t(key) : fallback; }

/** A problem type's title in the page's language, by its slug; {@code fallback} (the gateway's own) when unknown. */
export function problemTitle(slug, fallback) { return tOr(`pt_${slug}`, fallback); }

/** Date and time in Asia/Bangkok, in the Thai (Buddhist-era) or English calendar. */
export function dateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(current === 'th' ? 'th-TH' : 'en-GB', { timeZone: 'Asia/Bangkok', dateStyle: 'medium', timeStyle: 'medium' });
}

export function date(iso) {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00+07:00` : iso);
  return d.toLocaleDateString(current === 'th' ? 'th-TH' : 'en-GB', { timeZone: 'Asia/Bangkok', dateStyle: 'medium' });
}

/** A Buddhist-era yyyymmdd (as the Linkage Center sends it) as a readable date. */
export function beDate(n) {
  const s = String(n ?? '');
  if (!/^\d{8}$/.test(s)) return s || '—';
  const y = Number(s.slice(0, 4)), m = Number(s.slice(4, 6)), d = Number(s.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return s;
  // a day the month does not have (25400231) is shown as it is, not rolled over into the next month
  const date = new Date(Date.UTC(y - 543, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return s;
  if (current === 'th') {
    const months = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];
    return `${d} ${months[m - 1]} ${y}`;
  }
  return date.toLocaleDateString('en-GB', { timeZone: 'UTC', dateStyle: 'medium' });
}

export function num(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString(current === 'th' ? 'th-TH' : 'en-GB');
}

export function month(ym) {
  if (!/^\d{4}-\d{2}$/.test(ym || '')) return ym || '—';
  const [y, m] = ym.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 15)).toLocaleDateString(current === 'th' ? 'th-TH' : 'en-GB', { timeZone: 'UTC', year: 'numeric', month: 'long' });
}
