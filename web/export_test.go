package web

// RenderMarkdown exposes renderMarkdown to the package's external tests.
var RenderMarkdown = renderMarkdown

// CheckJSONText exposes checkJSONText to the package's external tests.
var CheckJSONText = checkJSONText

// SniffEvidence exposes sniffEvidence to the package's external tests.
var SniffEvidence = sniffEvidence
