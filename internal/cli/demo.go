package cli

import "context"

func runDemo(ctx context.Context, a *app, args []string) error {
	return usagef("not yet")
}
