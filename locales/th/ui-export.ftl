## status: machine-drafted — needs review by a native speaker

exportui-title = ส่งออกข้อมูล
exportui-open = ส่งออก
exportui-none = ยังไม่มีการสัมภาษณ์ให้ส่งออก
exportui-questionnaire = แบบสอบถาม
exportui-format = รูปแบบไฟล์
exportui-format-csv = ไฟล์ CSV ใน zip (รูปแบบ ODK Central)
exportui-format-xlsx = สมุดงาน Excel
exportui-format-json = JSON (ทุกคำตอบพร้อมภาษา การให้คะแนน และหลักฐาน)
exportui-labels = เขียนคำตอบเป็น
exportui-values = ชื่อตัวเลือก (สำหรับการวิเคราะห์)
exportui-split = หนึ่งคอลัมน์ 1/0 ต่อหนึ่งตัวเลือกของคำถามแบบเลือกหลายข้อ
exportui-from = เริ่มในวันที่หรือหลังจาก
exportui-to = เริ่มในวันที่หรือก่อน
exportui-status = สถานะ
exportui-status-any = ทั้งหมด
exportui-status-complete = เสร็จสมบูรณ์
exportui-status-in-progress = กำลังดำเนินการ
exportui-recipient = เข้ารหัสสำหรับกุญแจสาธารณะ age นี้ (ไม่บังคับ)
exportui-plaintext-warning = หากไม่มีกุญแจ ไฟล์จะไม่ถูกเข้ารหัส: ใครก็ตามที่ได้ไฟล์ไปสามารถอ่านทุกคำตอบได้ เก็บไว้ในไดรฟ์ที่เข้ารหัส แบ่งปันเฉพาะกับผู้ที่ได้รับอนุญาต และลบทิ้งเมื่อไม่ต้องการแล้ว
exportui-plaintext-ok = ฉันเข้าใจ: บันทึกโดยไม่เข้ารหัส
exportui-start = ส่งออก…
exportui-cancel = ยกเลิกการส่งออก
exportui-progress = ความคืบหน้าการส่งออก
exportui-back = กลับ
exportui-case-pdf = บันทึกเป็น PDF…
exportui-case-pdf-saved = บันทึกสรุปกรณีเป็น PDF แล้ว ไฟล์นี้ไม่ได้เข้ารหัส: เก็บรักษาให้ปลอดภัยและลบทิ้งเมื่อไม่ต้องการแล้ว
