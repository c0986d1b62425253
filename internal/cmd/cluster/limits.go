package main

import (
	"context"
	"errors"
)

func runLimits(ctx context.Context, c config) error {
	return errors.New("limits: not yet")
}
