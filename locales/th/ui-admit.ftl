## status: machine-drafted — needs review by a native speaker
# หน้าซิงค์: รับอุปกรณ์เข้าทีมหลังเทียบลายนิ้วมือ และโทเค็นของผู้ดูแล

syncview-operator-token-label = โทเค็นของผู้ดูแล (เฉพาะเมื่อเซิร์ฟเวอร์ซิงค์ขอ)
syncview-waiting-title = อุปกรณ์ที่รอเข้าทีม
syncview-waiting-check = ตรวจหาอุปกรณ์ที่รออยู่
syncview-waiting-none = ไม่มีอุปกรณ์ที่รออยู่
syncview-fingerprint-label = ลายนิ้วมือ
syncview-admit-one = รับเข้าทีม
syncview-admit-confirm = อุปกรณ์ใหม่แสดงตัวเลขเหล่านี้ตรงกันทุกตัวบนหน้าจอหรือไม่ รับเข้าทีมเฉพาะเมื่อตรงกันเท่านั้น
syncview-admit-yes = ใช่ ตรงกัน: รับเข้าทีม
syncview-joining-fingerprint = ลายนิ้วมือของอุปกรณ์นี้ แสดงให้หัวหน้าของคุณดู หัวหน้าจะรับอุปกรณ์นี้เข้าทีมเฉพาะเมื่อตัวเลขตรงกัน:
