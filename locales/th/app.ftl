## status: machine-drafted — needs review by a native speaker

message-missing = (ไม่มีข้อความ)
app-version = เวอร์ชัน { $version }
error-unexpected = เกิดข้อผิดพลาด ข้อมูลที่คุณป้อนไว้ไม่สูญหาย
error-unknown-language = ไม่มีภาษานี้: { $code }
error-data-folder = แอปไม่สามารถใช้โฟลเดอร์ข้อมูลได้ ({ $path }): { $reason }
error-settings-save = ไม่สามารถบันทึกการตั้งค่าของคุณได้: { $reason }
