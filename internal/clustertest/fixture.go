package clustertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/password"
	"github.com/elac/bitacora/store"
)

// Account is a user the checks act as: signed in through the form, or
// with an API token of write scope.
type Account struct {
	Email, Password, Token string
}

// Fixture is what the checks need in a database that holds a programme:
// a report to edit (an activity with a responsible party, and a period)
// and the accounts that edit it and the programme.
type Fixture struct {
	Slug, Activity, Period string
	// Focal is a focal point of the activity's responsible party: it
	// saves the report. Secretariat writes translations (a public change).
	Focal, Secretariat Account
}

// Prepare makes the fixture in db, which holds the programme slug (as
// `bitacora serve` leaves eLAC2020 on first start) with its periods. Each
// call makes accounts of its own, so that runs never meet.
func Prepare(ctx context.Context, db *store.DB, slug string) (*Fixture, error) {
	doc, err := db.Document(ctx, slug)
	if err != nil {
		return nil, err
	}
	periods, err := db.Periods(ctx, slug)
	if err != nil {
		return nil, err
	}
	if len(periods) == 0 {
		return nil, fmt.Errorf("clustertest: %s has no reporting period", slug)
	}
	f := &Fixture{Slug: slug, Period: periods[len(periods)-1].Key}
	party := ""
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				if party == "" && len(act.Responsible) > 0 {
					f.Activity, party = act.Code, act.Responsible[0]
				}
			}
		}
	}
	if party == "" {
		return nil, errors.New("clustertest: no activity has a responsible party")
	}
	run := randomHex(4)
	focal, fa, err := account(ctx, db, "focal-"+run+"@cluster.invalid")
	if err != nil {
		return nil, err
	}
	if _, err := db.AddMembership(ctx, focal.ID, party, "2018-01-01", ""); err != nil {
		return nil, err
	}
	_, sa, err := account(ctx, db, "secretariat-"+run+"@cluster.invalid", bitacora.RoleSecretariat)
	if err != nil {
		return nil, err
	}
	f.Focal, f.Secretariat = fa, sa
	return f, nil
}

func account(ctx context.Context, db *store.DB, email string, roles ...bitacora.UserRole) (*bitacora.User, Account, error) {
	a := Account{Email: email, Password: "cluster test password " + randomHex(8)}
	_, link, err := db.CreateUser(ctx, email, "Cluster test", "es", roles)
	if err != nil {
		return nil, a, err
	}
	hash, err := password.Hash(a.Password)
	if err != nil {
		return nil, a, err
	}
	u, err := db.SetPasswordWithLink(ctx, link, hash)
	if err != nil {
		return nil, a, err
	}
	if a.Token, err = db.CreateToken(ctx, u.ID, "cluster test", bitacora.ScopeWrite); err != nil {
		return nil, a, err
	}
	return u, a, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ReportPath is the report's page (and form) under a base URL.
func (f *Fixture) ReportPath() string {
	return "/es/" + f.Slug + "/activities/" + f.Activity + "/reports/" + f.Period
}

// ReportAPI is the report's address in the API.
func (f *Fixture) ReportAPI() string {
	return "/api/v1/programmes/" + f.Slug + "/activities/" + f.Activity + "/reports/" + f.Period
}
