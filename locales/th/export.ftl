## status: machine-drafted — needs review by a native speaker

export-bad-date = “{ $date }” ไม่ใช่วันที่ กรุณาเขียนเป็น ปปปป-ดด-วว
export-cancelled = ยกเลิกการส่งออกแล้ว ไม่มีการเขียนไฟล์
export-disk-full = พื้นที่จัดเก็บเต็ม: ไม่ได้เขียนไฟล์ส่งออกไปที่ { $path } ข้อมูลในแอปไม่มีการเปลี่ยนแปลง กรุณาเพิ่มพื้นที่ว่างแล้วลองอีกครั้ง
export-write-failed = ไม่สามารถเขียนไฟล์ส่งออกไปที่ { $path }: { $reason } ไม่มีไฟล์ค้างอยู่ในชื่อนั้น
cli-export-done = ส่งออก { $count } การสัมภาษณ์ไปที่ { $path } แล้ว ไฟล์นี้ไม่ได้เข้ารหัส: เก็บรักษาให้ปลอดภัยและลบทิ้งเมื่อไม่ต้องการแล้ว
stats-k-too-low = เกณฑ์ { $k } ต่ำเกินไป: จำนวนที่น้อยกว่า { $min } อาจระบุตัวบุคคลได้ กรุณาเลือก { $min } ขึ้นไป
stats-not-recorded = ไม่ได้บันทึก
cli-stats-done = เขียนสถิติไปที่ { $path } แล้ว (ไม่แสดงจำนวนที่น้อยกว่า { $k })
export-bad-recipient = “{ $key }” ไม่ใช่กุญแจสาธารณะของ age กุญแจสาธารณะขึ้นต้นด้วย age1 และได้มาจากผู้ที่จะเปิดไฟล์
cli-export-done-encrypted = ส่งออก { $count } การสัมภาษณ์ไปที่ { $path } แล้ว เข้ารหัสด้วย age: เปิดได้เฉพาะผู้ถือกุญแจที่ตรงกันเท่านั้น
export-busy = มีการส่งออกกำลังทำงานอยู่ กรุณารอให้เสร็จหรือยกเลิก
export-dialog-title = บันทึกไฟล์ส่งออก
export-filter-csv = ไฟล์ CSV ใน zip (ODK Central)
export-filter-xlsx = สมุดงาน Excel
export-filter-json = JSON
export-filter-age = ไฟล์ที่เข้ารหัสด้วย age
report-case-languages = ภาษาของผู้สัมภาษณ์: { $interviewer } ภาษาของผู้ให้สัมภาษณ์: { $respondent }
report-case-printed = พิมพ์เมื่อ { $date } เอกสารนี้มีคำตอบของบุคคล: เก็บไว้ในที่ปิดล็อกและทำลายทิ้งเมื่อไม่ต้องการแล้ว
report-case-notes = บันทึก
report-case-dialog-title = บันทึกสรุปกรณี
report-case-filter = เอกสาร PDF
cli-report-case-done = เขียนสรุปกรณีไปที่ { $path } แล้ว ไฟล์นี้ไม่ได้เข้ารหัส: เก็บรักษาให้ปลอดภัยและลบทิ้งเมื่อไม่ต้องการแล้ว
