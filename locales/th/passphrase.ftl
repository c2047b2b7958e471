## status: machine-drafted — needs review by a native speaker
# กฎของรหัสผ่านและมาตรวัดความแข็งแรง (crate `app`)

passphrase-too-short = รหัสผ่านต้องมีอย่างน้อย { $min } ตัวอักษร คำสุ่มห้าคำเป็นทางเลือกที่ดี
passphrase-too-weak = รหัสผ่านนี้เดาได้ง่ายเกินไป { $reason } ผู้ที่มีสำเนาไฟล์ของเครื่องนี้และหน่วยประมวลผล { $cores } คอร์ที่เร็วเท่าเครื่องนี้จะหาเจอได้ใน{ $time } โปรดเลือกรหัสผ่านที่ต้องใช้เวลาเดาอย่างน้อย { $years } ปี เช่น คำสุ่มห้าคำ
passphrase-strong = ผู้ที่มีสำเนาไฟล์ของเครื่องนี้และหน่วยประมวลผล { $cores } คอร์ที่เร็วเท่าเครื่องนี้จะต้องใช้เวลา{ $time }ในการเดารหัสผ่านนี้
passphrase-reason-keyboard = แถวและรูปแบบของแป้นพิมพ์เป็นสิ่งแรก ๆ ที่ถูกลองเดา
passphrase-reason-repeats = ตัวอักษรหรือคำที่ซ้ำกันช่วยได้น้อย
passphrase-reason-common = เป็นหนึ่งในรหัสผ่านที่ใช้กันมากที่สุด
passphrase-reason-similar = คล้ายกับรหัสผ่านที่ใช้กันทั่วไป
passphrase-reason-sequence = ลำดับอย่าง กขค หรือ 1234 ถูกลองเดาตั้งแต่ต้น
passphrase-reason-dates = วันที่และปีถูกลองเดาตั้งแต่ต้น
passphrase-reason-word = คำเดียวถูกลองเดาตั้งแต่ต้น
passphrase-reason-names = ชื่อคนถูกลองเดาตั้งแต่ต้น
passphrase-reason-script = FieldScreen ไม่รู้จักคำในอักษรนี้ จึงนับแต่ละตัวอักษรว่ามีค่าน้อย โปรดใช้ประโยคที่ยาวขึ้นจากคำที่ไม่เกี่ยวข้องกัน
passphrase-reason-guessable = มีรูปแบบที่โปรแกรมเดารหัสผ่านลองเป็นอย่างแรก
passphrase-time-instant = ไม่ถึงหนึ่งวินาที
passphrase-time-seconds = ประมาณ { $n } วินาที
passphrase-time-minutes = ประมาณ { $n } นาที
passphrase-time-hours = ประมาณ { $n } ชั่วโมง
passphrase-time-days = ประมาณ { $n } วัน
passphrase-time-years = ประมาณ { $n } ปี
passphrase-time-forever = มากกว่าหนึ่งล้านปี
