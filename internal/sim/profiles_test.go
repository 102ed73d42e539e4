package sim

import (
	"reflect"
	"testing"
)

// TestHabitProfiles: the demo's reps get the world's habit profiles in
// their shares, drawn by the seed (another seed, another order), and the
// customers of the reps with no weak habit live exactly as in a world
// without profiles; the reps weak in a habit change their customers'
// stories.
func TestHabitProfiles(t *testing.T) {
	w := DefaultWorld()
	size := Size{Reps: 8, Customers: 120, Months: 8}
	co, docs := simulate(t, w, size, 4)
	count := map[string]int{}
	for _, r := range co.Reps {
		count[r.Weak]++
	}
	for _, h := range WeakHabits {
		if count[h] != 1 {
			t.Errorf("%d reps weak in %s, want 1 (%v)", count[h], h, count)
		}
	}
	if count[""] != 2 {
		t.Errorf("%d reps with no weak habit, want 2", count[""])
	}
	other := NewCompany(w, Options{Size: size, Seed: 5, Until: co.Options.Until})
	same := true
	for i := range co.Reps {
		same = same && co.Reps[i].Weak == other.Reps[i].Weak
	}
	if same {
		t.Error("seeds 4 and 5 give the reps the same weak habits")
	}

	plain := *w
	plain.Reps.HabitProfiles = nil
	_, without := simulate(t, &plain, size, 4)
	changed := map[string]bool{}
	for i, d := range docs {
		weak := co.Reps[co.Customers[i].RepIndex].Weak
		differs := !reflect.DeepEqual(d, without[i])
		if weak == "" && differs {
			t.Errorf("%s of a rep with no weak habit: its history changed with the profiles", d.Customer.Code)
		}
		changed[weak] = changed[weak] || differs
	}
	for _, h := range WeakHabits {
		if !changed[h] {
			t.Errorf("the rep weak in %s changed none of its customers' histories", h)
		}
	}
}
