-- +goose Up
-- The events the badge rules read (transfers, disciplines: store
-- BadgeMembers) are a few in a hundred of a province's; this index holds
-- them alone, so the badge list reads the few members whose party age they
-- move, and those members' events, without the admissions and
-- recognitions of everyone else. Its predicate is repeated word for word
-- by the queries (badgeEventKinds), which is what lets SQLite use it.
CREATE INDEX member_events_badge ON member_events(member_id, kind, date, discipline) WHERE kind IN ('transferred_in', 'transferred_out', 'disciplined');

-- +goose Down
DROP INDEX member_events_badge;
