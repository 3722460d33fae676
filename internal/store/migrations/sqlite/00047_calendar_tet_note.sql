-- +goose Up
-- The Tết 2026 days came with a note to whoever would complete them, which
-- the calendar showed its users. They say what the days are.
UPDATE calendar_days SET note = 'Tết Bính Ngọ: nghỉ từ thứ Bảy 14/02/2026 đến hết Chủ nhật 22/02/2026'
  WHERE day IN ('2026-02-16', '2026-02-20') AND note = 'Tết Bính Ngọ: nghỉ từ thứ Bảy 14/02/2026 đến hết Chủ nhật 22/02/2026 (chưa ghi số, ngày của văn bản thông báo: cần bổ sung)';

-- +goose Down
SELECT 1;
