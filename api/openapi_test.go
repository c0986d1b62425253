package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

// The description is a valid OpenAPI 3.1 document, as libopenapi reads it
// and as libopenapi-validator checks it against the OpenAPI schema.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, err := libopenapi.NewDocument(OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	if v := doc.GetVersion(); v != "3.1.0" {
		t.Errorf("OpenAPI %s; want 3.1.0", v)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatalf("building the model: %v", err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("%s: %s", e.Message, e.Reason)
		}
	}
	// Every operation says what it is and what it answers; every schema it
	// names exists (BuildV3Model resolves them, a dangling one fails).
	for path, item := range model.Model.Paths.PathItems.FromOldest() {
		for method, op := range item.GetOperations().FromOldest() {
			if op.OperationId == "" || op.Summary == "" {
				t.Errorf("%s %s: no operationId or summary", method, path)
			}
			if op.Responses == nil || op.Responses.Codes.Len() == 0 {
				t.Errorf("%s %s: no responses", method, path)
			}
			if op.Extensions == nil || op.Extensions.GetOrZero("x-bitacora-rule") == nil {
				t.Errorf("%s %s: no x-bitacora-rule", method, path)
			}
		}
	}
}

// The description and the route table name the same operations: a route
// added without its description, or a description of a route that went,
// fails here. Read from the table at run time.
func TestOpenAPICoversTheRouteTable(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	described := map[string]string{}
	for path, item := range doc.Paths {
		for method, raw := range item {
			if method == "parameters" {
				continue
			}
			var op struct {
				Rule string `json:"x-bitacora-rule"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatal(err)
			}
			described[strings.ToUpper(method)+" "+path] = op.Rule
		}
	}
	routes := New(Deps{}).Routes()
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		rule, ok := described[key]
		switch {
		case !ok:
			t.Errorf("%s is in the route table but not in openapi.json", key)
		case rule != string(rt.Rule):
			t.Errorf("%s: openapi.json says rule %s, the route table %s", key, rule, rt.Rule)
		}
		delete(described, key)
	}
	for key := range described {
		t.Errorf("%s is in openapi.json but not in the route table", key)
	}
	if len(routes) < 39 {
		t.Errorf("only %d routes", len(routes))
	}
}
