## status: machine-drafted — needs review by a native speaker

## The case list, vessel inspections and quick wipe: messages the core formats.

case-kind-interview = การสัมภาษณ์
case-kind-vessel_inspection = การตรวจเรือ
case-kind-damaged = ระเบียนเสียหาย
case-sync-device_only = อยู่ในเครื่องนี้เท่านั้น
case-sync-waiting = รอส่งให้ทีม
case-sync-synced = แบ่งปันกับทีมแล้ว
case-list-summary = แสดง { $shown } จาก { $matched } รายการ (ในเครื่องนี้ { $total })
vessel-field-problem = { $field }: { $problem }
vessel-field-required = ต้องกรอกช่องนี้
vessel-answer-dont_know = ไม่ทราบ
vessel-answer-prefer_not = ไม่ประสงค์จะตอบ
vessel-crew-unnamed = ลูกเรือคนที่ { $n }
vessel-crew-summary = สัมภาษณ์ลูกเรือแล้ว: { $count }
wipe-not-confirmed = คำที่พิมพ์ไม่ตรงกัน ยังไม่ได้ลบสิ่งใด
case-form-waiting = กำลังรอแบบสอบถามจากทีม
case-form-refused = แบบสอบถามที่ได้รับจากทีมถูกปฏิเสธ
case-form-missing = อุปกรณ์นี้ไม่มีแบบสอบถามของบันทึกนี้

case-rolled-back = มี { $count } รายการที่เก่ากว่าที่เครื่องนี้เคยเห็นล่าสุด อาจมีคนนำสำเนาเก่าของที่เก็บข้อมูลในเครื่องนี้กลับมาใส่ รายการเหล่านี้ยังเก็บไว้ แต่เปิดไม่ได้จนกว่าคุณจะยอมรับตามสภาพปัจจุบัน ข้อมูลที่หายไปตั้งแต่นั้นไม่อยู่ในเครื่องนี้แล้ว สมาชิกทีมที่ซิงค์ไว้อาจยังมีอยู่
