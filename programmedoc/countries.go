package programmedoc

import iso "github.com/elac/bitacora/countries"

// country is a member State of ECLAC in Latin America and the Caribbean, with
// its ISO 3166-1 alpha-2 code and the names the documents use for it, by
// language. A working group's or chair's parenthesised suffix is a list of
// these names ("(Brasil y México)"). The list is package countries', which
// maps the codes onto the whole of ISO 3166-1.
type country = iso.Member

// countries are the 33 Latin American and Caribbean member States of ECLAC.
var countries = iso.MemberNames()
