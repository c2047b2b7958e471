## status: machine-drafted — needs review by a native speaker

language-name = ไทย
app-name = FieldScreen
app-tagline = การตรวจแรงงานและการคัดกรองผู้เสียหาย — ใช้งานออฟไลน์ เข้ารหัส ในภาษาของคุณ
skip-to-content = ข้ามไปยังเนื้อหาหลัก
language-switcher-label = ภาษา
home-title = ยินดีต้อนรับ
home-intro = ทุกสิ่งที่คุณบันทึกจะถูกเข้ารหัสไว้ในเครื่องนี้ และแชร์เฉพาะกับอุปกรณ์ของทีมคุณเท่านั้น โดยไม่มีใครอ่านได้
translation-draft-notice = คำแปลนี้ร่างโดยเครื่อง และกำลังรอการตรวจทานจากเจ้าของภาษา
