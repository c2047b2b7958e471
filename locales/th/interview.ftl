## status: machine-drafted — needs review by a native speaker

interview-progress = หมวดที่ { $step } จาก { $steps } · ตอบแล้ว { $answered } ข้อ
interview-dont-know = ไม่ทราบ
interview-prefer-not = ไม่ประสงค์จะตอบ
interview-required = ต้องมีคำตอบก่อนจึงจะไปต่อได้
interview-not-accepted = ไม่รับคำตอบนี้: { $detail }
interview-no-answer = (ไม่มีคำตอบ)
interview-consent-declined = ผู้ให้สัมภาษณ์ไม่ยินยอม ไม่มีการบันทึกสิ่งอื่นนอกจากนี้
interview-strength-strong = ตัวชี้วัดที่หนักแน่น
interview-strength-medium = ตัวชี้วัดระดับกลาง
interview-strength-weak = ตัวชี้วัดที่อ่อน
interview-child-present = บุคคลนี้อาจอายุต่ำกว่า 18 ปี: ใช้การดำเนินการแบบเด็ก (การค้ามนุษย์ไม่ต้องมีวิธีการ)
interview-child-absent = บุคคลนี้อายุ 18 ปีขึ้นไป
interview-child-declined = ไม่ได้ให้อายุ: หากสงสัยให้ถือว่าอาจอายุต่ำกว่า 18 ปี
interview-child-not_asked = ไม่ได้ถามอายุ
interview-review-share = ข้อความในหน้านี้ { $total } รายการ ผ่านการตรวจทานโดยคนแล้ว { $reviewed } รายการ ที่เหลือเป็นคำแปลโดยเครื่อง
