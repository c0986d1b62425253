package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/elac/bitacora/internal/clustertest"
)

func runOutage(ctx context.Context, c config) error {
	return errors.New("outage: not yet")
}

func runLimits(ctx context.Context, c config) error {
	return errors.New("limits: not yet")
}

var _ = exec.Command
var _ = os.Getenv
var _ = time.Now
var _ = clustertest.Count
var _ = fmt.Sprint
