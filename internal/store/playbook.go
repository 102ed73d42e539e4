package store

import (
	"context"

	"huikuan/internal/excuse"
)

// SettingPlaybook keeps the admin's counters to excuses.
const SettingPlaybook = "excuse_playbook"

// Playbook returns the installation's counters to excuses: the admin's
// where set, the defaults for the rest.
func (s *Store) Playbook(ctx context.Context) (_ excuse.Playbook, err error) {
	defer wrap(&err, "store.Playbook")
	var p excuse.Playbook
	if _, err := s.setting(ctx, SettingPlaybook, &p); err != nil {
		return excuse.DefaultPlaybook, err
	}
	return p.With(), nil
}

// SetPlaybook saves the admin's counters; a counter naming an unknown
// fact is refused with its name (excuse.CheckPlaybook).
func (s *Store) SetPlaybook(ctx context.Context, actor Actor, p excuse.Playbook) (err error) {
	defer wrap(&err, "store.SetPlaybook")
	if err := excuse.CheckPlaybook(p); err != nil {
		return invalid("playbook", err.Error())
	}
	return s.putSetting(ctx, actor, SettingPlaybook, p)
}
