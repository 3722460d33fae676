-- +goose Up
-- The days off of Tết Dương lịch 2026 came with a note for whoever entered
-- them ("cần đối chiếu văn bản"), which the calendar showed to its users.
-- The note now gives the source as the press reported it. Only the rows as
-- they were seeded are changed; a note an administrator wrote stays.
UPDATE calendar_days SET note = 'Tết Dương lịch 2026: nghỉ từ thứ Năm 01/01 đến hết Chủ nhật 04/01/2026, hoán đổi thứ Sáu 02/01 với thứ Bảy 10/01/2026 (theo Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ)'
  WHERE day = '2026-01-02' AND note = 'Tết Dương lịch 2026: nghỉ từ thứ Năm 01/01 đến hết Chủ nhật 04/01/2026, hoán đổi thứ Sáu 02/01 với thứ Bảy 10/01/2026 (Công văn 12729/VPCP-KGVX ngày 25/12/2025 theo tin báo chí; cần đối chiếu văn bản)';
UPDATE calendar_days SET note = 'Làm bù cho thứ Sáu 02/01/2026 (theo Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ)'
  WHERE day = '2026-01-10' AND note = 'Làm bù cho thứ Sáu 02/01/2026 (Công văn 12729/VPCP-KGVX ngày 25/12/2025 theo tin báo chí; cần đối chiếu văn bản)';

-- +goose Down
UPDATE calendar_days SET note = 'Tết Dương lịch 2026: nghỉ từ thứ Năm 01/01 đến hết Chủ nhật 04/01/2026, hoán đổi thứ Sáu 02/01 với thứ Bảy 10/01/2026 (Công văn 12729/VPCP-KGVX ngày 25/12/2025 theo tin báo chí; cần đối chiếu văn bản)'
  WHERE day = '2026-01-02' AND note = 'Tết Dương lịch 2026: nghỉ từ thứ Năm 01/01 đến hết Chủ nhật 04/01/2026, hoán đổi thứ Sáu 02/01 với thứ Bảy 10/01/2026 (theo Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ)';
UPDATE calendar_days SET note = 'Làm bù cho thứ Sáu 02/01/2026 (Công văn 12729/VPCP-KGVX ngày 25/12/2025 theo tin báo chí; cần đối chiếu văn bản)'
  WHERE day = '2026-01-10' AND note = 'Làm bù cho thứ Sáu 02/01/2026 (theo Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ)';
