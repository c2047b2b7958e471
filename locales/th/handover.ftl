## status: machine-drafted — needs review by a native speaker
# Hand-over mode: the respondent holds the device and answers alone.

handover-title = ตอบด้วยตัวเอง
handover-progress = คำถามที่ { $step } จาก { $steps }
handover-replay = เล่นคำถามอีกครั้ง
handover-dont-know = ฉันไม่ทราบ
handover-skip = ข้ามคำถามนี้
handover-previous = คำถามก่อนหน้า
handover-done = ขอบคุณ กรุณาส่งเครื่องคืนให้คนที่ส่งให้คุณ
handover-no-prompt = ไม่มีเสียงบันทึกของคำถามนี้ในภาษาของคุณ กรุณาอ่านบนหน้าจอ
handover-synthesized = เสียงนี้สร้างโดยคอมพิวเตอร์ ไม่ใช่เสียงที่คนบันทึกไว้
handover-leave = ส่งคืน
handover-leave-hint = ผู้สัมภาษณ์กดปุ่มนี้ค้างไว้เพื่อรับเครื่องคืน
handover-answers-label = คำตอบของคุณ

handover-confirm-title = กลับไปที่หน้าจอของผู้สัมภาษณ์
handover-confirm-passphrase = รหัสผ่าน
handover-confirm = ยืนยัน
handover-cancel = ยกเลิก

error-handing-over = เครื่องอยู่กับผู้ตอบ กดปุ่ม "ส่งคืน" ค้างไว้และยืนยันด้วยรหัสผ่านก่อน
error-handover-nothing = ส่วนนี้ไม่มีคำถามใช่หรือไม่ใช่ที่ผู้ตอบตอบเองได้
error-handover-none = เครื่องไม่ได้อยู่ในโหมดส่งให้ผู้ตอบ
