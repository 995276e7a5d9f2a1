package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// Every command's options are read alike, and what is wrong is said in
// Italian: an option given twice is refused (flag keeps the last in
// silence), as one the command has not, a value of the wrong kind, an
// argument after the options. Nothing reaches standard output.
func TestOpzioniInItaliano(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		stato int
		dice  string
	}{
		{[]string{"calcolo", "--rules", "/tmp", "--rules", "/altra"}, 2, "l'opzione --rules è indicata più volte"},
		{[]string{"piano", "--ics", "--ics"}, 2, "l'opzione --ics è indicata più volte"},
		{[]string{"lotto", "--formato=csv", "-formato", "json"}, 2, "l'opzione --formato è indicata più volte"},
		{[]string{"serve", "--addr", "a:1", "--addr=b:2"}, 2, "l'opzione --addr è indicata più volte"},
		{[]string{"fondo", "--boh"}, 2, "opzione sconosciuta --boh"},
		{[]string{"lotto", "--lavoratori", "molti"}, 2, "valore «molti» non valido per l'opzione --lavoratori"},
		{[]string{"lotto", "--lavoratori", "-3"}, 2, "--lavoratori -3 non valido: un numero positivo"},
		{[]string{"lotto", "--bom=forse"}, 2, "valore «forse» non valido per l'opzione --bom"},
		{[]string{"convenzione", "--rules"}, 2, "l'opzione --rules vuole un valore"},
		{[]string{"calcolo", "---rules"}, 2, "opzione scritta male «---rules»"},
		{[]string{"calcolo", "pippo"}, 2, "argomento inatteso «pippo»"},
		{[]string{"calcolo", "--rules="}, 2, "l'opzione --rules è vuota"},
		{[]string{"lotto", "--formato", ""}, 2, "l'opzione --formato è vuota"},
		{[]string{"piano", "--bom", "--senza-bom"}, 2, "--bom e --senza-bom sono alternativi"},
		{[]string{"piano", "--separatore", "ab"}, 2, "separatore «ab» non valido"},
		{[]string{"calcolo", "-h"}, 0, "--rules VALORE"},
	} {
		var out, errb bytes.Buffer
		stato := esegui(tc.args, strings.NewReader(""), &out, &errb)
		msg := errb.String()
		if stato != tc.stato || !strings.Contains(msg, tc.dice) || out.Len() > 0 {
			t.Errorf("%q: stato %d, stderr %q, stdout %q; want %d and %q", tc.args, stato, msg, out.String(), tc.stato, tc.dice)
		}
		for _, inglese := range []string{"flag", "Usage", "invalid", "provided"} {
			if strings.Contains(msg, inglese) {
				t.Errorf("%q: stderr in English: %q", tc.args, msg)
			}
		}
	}
}

// TestUsoElencaOpzioni: a command's usage line (-h) names every option
// it takes, and so does its line in lpu's list of commands when that
// line names options at all (lotto's and serve's omitted --lavoratori
// and --log). piano's --bom, the old way to ask for the register's BOM,
// is said to change nothing.
func TestUsoElencaOpzioni(t *testing.T) {
	var elenco bytes.Buffer
	esegui([]string{"-h"}, strings.NewReader(""), io.Discard, &elenco)
	var comandiH [][]string
	for nome := range comandi {
		if nome == "regole" { // (its options are test's and verifica's)
			comandiH = append(comandiH, []string{nome, "test"}, []string{nome, "verifica"})
			continue
		}
		comandiH = append(comandiH, []string{nome})
	}
	for _, args := range comandiH {
		nome := args[0]
		var errb bytes.Buffer
		if stato := esegui(append(args, "-h"), strings.NewReader(""), io.Discard, &errb); stato != 0 {
			t.Fatalf("%s -h: exit %d", strings.Join(args, " "), stato)
		}
		righe := strings.Split(errb.String(), "\n")
		uso := righe[0]
		var riga string
		for _, r := range strings.Split(elenco.String(), "\n") {
			if strings.HasPrefix(strings.TrimSpace(r), nome+" ") {
				riga = r
			}
		}
		for _, r := range righe[1:] {
			if !strings.HasPrefix(r, "  --") {
				continue
			}
			opz := strings.Fields(r)[0]
			if !strings.Contains(uso+" ", opz+" ") && !strings.Contains(uso, opz+"]") && !strings.Contains(uso, opz+",") {
				t.Errorf("%s: the usage line does not name %s: %s", nome, opz, uso)
			}
			if strings.Contains(riga, "--") && !strings.Contains(riga, opz) && opz != "--bom" {
				t.Errorf("%s: its line in lpu -h does not name %s: %s", nome, opz, riga)
			}
		}
	}
}
