-- +goose Up
-- The working-day calendar's announced days (RULES.md: Working days): a day
-- off (in lieu, a swap, a longer Tết) or a make-up working day, from each
-- year's announcement. The holidays themselves are computed, not stored. A
-- day entered in error is cancelled with its reason, never deleted; one
-- day has at most one announcement in force.
CREATE TABLE calendar_days (
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
  note TEXT NOT NULL,
  created_by INTEGER,
  created_at TEXT NOT NULL,
  cancelled_by INTEGER,
  cancelled_at TEXT,
  cancel_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX calendar_days_in_force ON calendar_days(day) WHERE cancelled_at IS NULL;

-- The announcements of 2025 and 2026 (RULES.md: Working days). Only the
-- days they change are kept: weekdays off beyond the holidays the law fixes
-- (1/1, mùng 1–3 Tết, 10/3 âm lịch, 30/4, 1/5, 2/9), and make-up Saturdays.
INSERT INTO calendar_days (day, kind, note, created_at) VALUES
  ('2025-01-27', 'off', 'Tết Ất Tỵ: nghỉ từ thứ Bảy 25/01/2025 đến hết Chủ nhật 02/02/2025 (Thông báo 6150/TB-LĐTBXH năm 2024 của Bộ Lao động – Thương binh và Xã hội, theo Công văn 8726/VPCP-KGVX)', '2026-01-01T00:00:00.000000Z'),
  ('2025-01-28', 'off', 'Tết Ất Tỵ: nghỉ từ thứ Bảy 25/01/2025 đến hết Chủ nhật 02/02/2025 (Thông báo 6150/TB-LĐTBXH năm 2024 của Bộ Lao động – Thương binh và Xã hội, theo Công văn 8726/VPCP-KGVX)', '2026-01-01T00:00:00.000000Z'),
  ('2025-04-26', 'work', 'Làm bù cho thứ Sáu 02/05/2025: công chức, viên chức hoán đổi ngày làm việc, nghỉ từ 30/04 đến hết 04/05/2025 (Thông báo 6150/TB-LĐTBXH năm 2024)', '2026-01-01T00:00:00.000000Z'),
  ('2025-05-02', 'off', 'Nghỉ hoán đổi, làm bù thứ Bảy 26/04/2025: nghỉ từ 30/04 đến hết 04/05/2025 (Thông báo 6150/TB-LĐTBXH năm 2024)', '2026-01-01T00:00:00.000000Z'),
  ('2025-09-01', 'off', 'Quốc khánh: nghỉ từ thứ Bảy 30/08/2025 đến hết thứ Ba 02/09/2025, gồm 2 ngày lễ 01/09 và 02/09 (Thông báo 6150/TB-LĐTBXH năm 2024)', '2026-01-01T00:00:00.000000Z'),
  ('2026-01-02', 'off', 'Tết Dương lịch 2026: nghỉ từ thứ Năm 01/01 đến hết Chủ nhật 04/01/2026, hoán đổi thứ Sáu 02/01 với thứ Bảy 10/01/2026 (Công văn 12729/VPCP-KGVX ngày 25/12/2025 theo tin báo chí; cần đối chiếu văn bản)', '2026-01-01T00:00:00.000000Z'),
  ('2026-01-10', 'work', 'Làm bù cho thứ Sáu 02/01/2026 (Công văn 12729/VPCP-KGVX ngày 25/12/2025 theo tin báo chí; cần đối chiếu văn bản)', '2026-01-01T00:00:00.000000Z'),
  ('2026-02-16', 'off', 'Tết Bính Ngọ: nghỉ từ thứ Bảy 14/02/2026 đến hết Chủ nhật 22/02/2026 (chưa ghi số, ngày của văn bản thông báo: cần bổ sung)', '2026-01-01T00:00:00.000000Z'),
  ('2026-02-20', 'off', 'Tết Bính Ngọ: nghỉ từ thứ Bảy 14/02/2026 đến hết Chủ nhật 22/02/2026 (chưa ghi số, ngày của văn bản thông báo: cần bổ sung)', '2026-01-01T00:00:00.000000Z');

-- +goose Down
DROP TABLE calendar_days;
