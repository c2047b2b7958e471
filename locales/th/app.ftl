## status: machine-drafted — needs review by a native speaker

message-missing = (ไม่มีข้อความ)
app-version = เวอร์ชัน { $version }
error-unexpected = เกิดข้อผิดพลาด ข้อมูลที่คุณป้อนไว้ไม่สูญหาย
error-unknown-language = ไม่มีภาษานี้: { $code }
error-data-folder = แอปไม่สามารถใช้โฟลเดอร์ข้อมูลได้ ({ $path }): { $reason }
error-settings-save = ไม่สามารถบันทึกการตั้งค่าของคุณได้: { $reason }
error-io = ไม่สามารถอ่านหรือเขียนที่เก็บข้อมูลของอุปกรณ์ได้: { $reason }
error-record-not-found = ไม่มีกรณีที่มีรหัส { $id }
error-unknown-question = แบบสอบถามนี้ไม่มีคำถาม “{ $question }” ที่ตอบได้
error-invalid-answer = “{ $value }” ไม่ใช่คำตอบที่ถูกต้องสำหรับ “{ $question }”
error-state-not-offered = แบบสอบถามนี้ไม่มีตัวเลือก “ไม่ทราบ” หรือ “ไม่ประสงค์จะตอบ” สำหรับ “{ $question }”
error-invalid-form = ไม่สามารถใช้แบบสอบถามที่ { $path } ได้: { $reason }
error-passphrase-mismatch = รหัสผ่านทั้งสองไม่ตรงกัน
error-form-hash-invalid = รายการนี้ระบุแบบสอบถามในรูปแบบที่ไม่ถูกต้อง ({ $hash }) จึงไม่ได้เปิด และไม่มีการอ่านสิ่งใดนอกคลังข้อมูล
error-form-hash-mismatch = แบบสอบถามที่เก็บไว้สำหรับรายการนี้ไม่ตรงกับแบบสอบถามที่ใช้เริ่มรายการ (คาดว่า { $expected } แต่พบ { $found }) จึงไม่ได้ใช้
translation-draft-count = ข้อความ { $drafted } จาก { $total } รายการในภาษานี้ร่างโดยเครื่อง และยังไม่มีผู้ใดตรวจทาน

## The security screen's wipe limit (app::security)
security-wipe-never = ไม่ลบเลย
security-wipe-after = เมื่อใส่รหัสผ่านผิด { $count } ครั้งติดกัน
security-idle-never = ไม่ล็อกเลย (ตั้งไว้ในไฟล์การตั้งค่าของเครื่องนี้)
security-idle-after = เมื่อไม่ได้ใช้งาน { $count } นาที
