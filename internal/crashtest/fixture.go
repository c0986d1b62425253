package crashtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/password"
	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/store"
)

const userPassword = "crash test password"

// indicatorCode is the indicator whose observations the load imports.
const indicatorCode = "CRASH"

// fixture is what the load works on: the accounts, their write tokens,
// and the reports each client owns (no two clients write one report, so
// that a 409 is rare and every acknowledgement is a clean expectation).
type fixture struct {
	slug                     string
	focal, bureau, secretary account
	party                    string               // the focal point's party, responsible for the reports
	reports                  []bitacora.ReportKey // written by the focal point, reviewed by the Bureau
	imports                  []bitacora.ReportKey // written by the secretariat's CSV imports
}

// account is a user who signs in with a password and holds a write token.
type account struct {
	email, token string
}

// makeFixture makes the accounts directly in the store, before the
// server starts: a focal point of the party that leads the most
// activities, a Bureau member, a secretariat user (who also drafts
// revisions), each with a password and a write token.
func makeFixture(ctx context.Context, db *store.DB) (*fixture, error) {
	slug := seed.ELAC2020Slug
	doc, err := db.Document(ctx, slug)
	if err != nil {
		return nil, err
	}
	periods, err := db.Periods(ctx, slug)
	if err != nil {
		return nil, err
	}
	if len(periods) == 0 {
		return nil, errors.New("eLAC2020 has no reporting periods")
	}
	period := periods[len(periods)-1].Key
	led := map[string][]string{}
	var all []string
	for _, ar := range doc.Areas {
		for _, o := range ar.Objectives {
			for _, a := range o.Activities {
				all = append(all, a.Code)
				if len(a.Responsible) > 0 {
					led[a.Responsible[0]] = append(led[a.Responsible[0]], a.Code)
				}
			}
		}
	}
	party := ""
	for p, codes := range led {
		if party == "" || len(codes) > len(led[party]) || (len(codes) == len(led[party]) && p < party) {
			party = p
		}
	}
	if len(led[party]) < 3 {
		return nil, fmt.Errorf("no party leads three activities (the most: %s, %d)", party, len(led[party]))
	}
	fx := &fixture{slug: slug, party: party}
	for _, code := range led[party][:3] {
		fx.reports = append(fx.reports, bitacora.ReportKey{Programme: slug, Activity: code, Period: period})
	}
	for _, code := range all {
		if !slices.Contains(led[party], code) && len(fx.imports) < 3 {
			fx.imports = append(fx.imports, bitacora.ReportKey{Programme: slug, Activity: code, Period: period})
		}
	}
	mk := func(email string, roles ...bitacora.UserRole) (account, int64, error) {
		_, link, err := db.CreateUser(ctx, email, strings.Split(email, "@")[0], "es", roles)
		if err != nil {
			return account{}, 0, err
		}
		hash, err := password.Hash(userPassword)
		if err != nil {
			return account{}, 0, err
		}
		u, err := db.SetPasswordWithLink(ctx, link, hash)
		if err != nil {
			return account{}, 0, err
		}
		tok, err := db.CreateToken(ctx, u.ID, "crash test", bitacora.ScopeWrite)
		return account{email: email, token: tok}, u.ID, err
	}
	var focalID int64
	if fx.focal, focalID, err = mk("focal@crash.invalid"); err != nil {
		return nil, err
	}
	if _, err := db.AddMembership(ctx, focalID, party, "2018-01-01", ""); err != nil {
		return nil, err
	}
	if fx.bureau, _, err = mk("bureau@crash.invalid", bitacora.RoleBureau); err != nil {
		return nil, err
	}
	if fx.secretary, _, err = mk("secretariat@crash.invalid", bitacora.RoleSecretariat); err != nil {
		return nil, err
	}
	if err := db.AddIndicator(ctx, bitacora.Indicator{Code: indicatorCode, Name: map[string]string{"es": "Prueba de caídas"},
		Unit: "%", Source: "Bitácora", Direction: "higher"}); err != nil {
		return nil, fmt.Errorf("indicator: %w", err)
	}
	return fx, nil
}
