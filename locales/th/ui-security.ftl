## status: machine-drafted — needs review by a native speaker
## The security screen: change the passphrase, erase after wrong passphrases.
security-open = ความปลอดภัย
security-title = ความปลอดภัย
security-passphrase-title = เปลี่ยนรหัสผ่าน
security-passphrase-explainer = ข้อมูลทั้งหมดยังอยู่ในเครื่องนี้ เปลี่ยนเพียงรหัสผ่านที่ใช้เปิด อย่าบอกรหัสผ่านใหม่แก่ใคร และอย่าจดไว้ใกล้เครื่องนี้
security-current-label = รหัสผ่านปัจจุบัน
security-new-label = รหัสผ่านใหม่
security-again-label = พิมพ์รหัสผ่านใหม่อีกครั้ง
security-change-submit = เปลี่ยนรหัสผ่าน
security-changed = เปลี่ยนรหัสผ่านแล้ว ต่อจากนี้ให้ใช้รหัสผ่านใหม่
security-wipe-title = ลบข้อมูลเมื่อใส่รหัสผ่านผิด
security-wipe-explainer = หากมีคนพยายามเดารหัสผ่านซ้ำ ๆ เครื่องนี้สามารถลบทุกอย่างที่เก็บไว้ได้ ข้อมูลที่แบ่งปันกับทีมแล้วยังอยู่กับทีม ส่วนที่ยังไม่ได้แบ่งปันจะหายไป
security-wipe-label = ลบทุกอย่างเมื่อใด
security-idle-title = ล็อกเมื่อไม่ได้ใช้งาน
security-idle-explainer = เมื่อไม่มีใครแตะแอปนานเท่านี้ ที่เก็บข้อมูลจะล็อกเอง และต้องใช้รหัสผ่านเพื่อเปิดอีกครั้ง เวลาที่สั้นกว่าช่วยปกป้องโทรศัพท์ที่ถูกวางทิ้งไว้หรือถูกยึดไป
security-idle-label = ล็อกเมื่อใด
security-saved = บันทึกแล้ว
