## status: machine-drafted — needs review by a native speaker

## The case list, vessel inspections and quick wipe: strings the UI shows.

case-status-in_progress = ฉบับร่าง
case-status-complete = เสร็จสมบูรณ์
case-status-referred = แนะนำให้ส่งต่อ
case-status-consent_declined = ไม่ยินยอม
case-status-damaged = เสียหาย: เก็บไว้ แต่อ่านไม่ได้
cases-search-label = ค้นหา
cases-search-hint = รหัสเรือ แบบสอบถาม สถานะ หรือวันที่
cases-filter-status = สถานะ
cases-filter-kind = ประเภท
cases-filter-all = ทั้งหมด
cases-new-interview = สัมภาษณ์ใหม่
cases-new-inspection = ตรวจเรือใหม่
cases-show-more = แสดงเพิ่ม
cases-none-match = ไม่มีรายการที่ตรงกับการค้นหาและตัวกรอง
cases-col-case = รายการ
cases-col-date = แก้ไขล่าสุด
cases-col-sync = จัดเก็บ
cases-open = เปิด
inspection-title = ตรวจเรือใหม่
inspection-explainer = กรอกข้อมูลเรือจากเอกสารของเรือ จากนั้นสัมภาษณ์ลูกเรือทีละคนตามลำพัง ให้พ้นสายตาและการได้ยินของไต้ก๋ง หัวหน้าลูกเรือ และนายหน้า
inspection-required = จำเป็น
inspection-choose = เลือก…
inspection-save = บันทึกและแสดงรายชื่อลูกเรือ
inspection-cancel = ยกเลิก
vessel-details-title = ข้อมูลเรือ
vessel-crew-title = ลูกเรือ
vessel-add-crew = สัมภาษณ์ลูกเรือ
vessel-crew-empty = ยังไม่ได้สัมภาษณ์ลูกเรือคนใด
vessel-back = กลับไปที่รายการ
vessel-checks = การตรวจเรือ: เอกสาร สิ่งอำนวยความสะดวก รายชื่อลูกเรือ
wipe-open = ลบทั้งหมด
wipe-title = ลบทุกอย่างในเครื่องนี้
wipe-explainer = การดำเนินการนี้จะลบการสัมภาษณ์และการตรวจเรือทั้งหมดในเครื่องนี้ รวมทั้งกุญแจที่ปกป้องข้อมูลเหล่านั้น ไม่สามารถย้อนกลับได้: ข้อมูลที่ยังไม่ได้แบ่งปันกับทีมจะหายไปตลอดกาล ไม่ต้องใช้รหัสผ่าน จากนั้นแอปจะเริ่มใหม่เหมือนเพิ่งติดตั้ง
wipe-confirm-word = ลบ
wipe-word-intro = เพื่อยืนยัน ให้พิมพ์คำนี้:
wipe-type-label = คำที่แสดงด้านบน
wipe-submit = ลบทั้งหมดเดี๋ยวนี้
wipe-cancel = ยกเลิก เก็บไว้ทั้งหมด
cases-form-version = ฉบับ
cases-rolled-back-accept = ยอมรับตามสภาพปัจจุบัน
