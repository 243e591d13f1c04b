"""Writes tests/corpus/de/timex_cases.jsonl: hand-written cases, and families whose
values come from plain date arithmetic (never from the tagger)."""
import json, sys
from datetime import date, timedelta
sys.path[:0] = [str(__import__("pathlib").Path(__file__).resolve().parents[k]) for k in (2, 3)]  # tests/, the repository
from test_tagger_corpus import expected_interval

P = "2024-03-14"   # a Thursday
C = [
# day words
("Die Regierung hat [gestern] das Gesetz beschlossen.", P, "DATE", "2024-03-13", None),
("Der Bundestag stimmt [morgen] über die Reform ab.", P, "DATE", "2024-03-15", None),
("Die Gewerkschaften demonstrierten [vorgestern] in Berlin.", P, "DATE", "2024-03-12", None),
("Das Gericht verkündet sein Urteil [übermorgen].", P, "DATE", "2024-03-16", None),
("Der Kanzler spricht [heute] im Bundestag.", P, "DATE", "2024-03-14", None),
("Die Polizei nahm [gestern Abend] zwei Verdächtige fest.", P, "TIME", "2024-03-13TEV", None),
("In einer Lagerhalle brach [heute Morgen] ein Feuer aus.", P, "TIME", "2024-03-14TMO", None),
("Das Spiel wird [heute Abend] im Fernsehen übertragen.", P, "TIME", "2024-03-14TEV", None),
("Die Feuerwehr rückte [heute Nacht] zur Autobahn aus.", P, "TIME", "2024-03-14TNI", None),
("Die Verhandlungen gehen [morgen früh] weiter.", P, "TIME", "2024-03-15TMO", None),
("Der Minister sprach [gestern Nachmittag] mit Journalisten.", P, "TIME", "2024-03-13TAF", None),
("Die Ministerin stellte [heute Vormittag] den Plan vor.", P, "TIME", "2024-03-14TMO", None),
("Ein Unbekannter brach [letzte Nacht] in die Schule ein.", P, "TIME", "2024-03-13TNI", None),
# weekdays
("Das Kabinett hat am [vergangenen Dienstag] den Entwurf gebilligt.", P, "DATE", "2024-03-12", None),
("Der Gipfel findet am [kommenden Freitag] in Brüssel statt.", P, "DATE", "2024-03-15", None),
("Die Ergebnisse werden [nächsten Montag] veröffentlicht.", P, "DATE", "2024-03-18", None),
("Der Streik begann [letzten Montag] bei der Bahn.", P, "DATE", "2024-03-11", None),
("Der Verletzte wurde am [Samstagabend] ins Krankenhaus gebracht.", P, "TIME", "2024-03-09TEV", None),
("Die Feuerwehr war am [Sonntagmorgen] im Einsatz.", P, "TIME", "2024-03-10TMO", None),
("Das Konzert findet am [Samstag, den 16. März] statt.", P, "DATE", "2024-03-16", None),
("Die Wahl fand am [Sonntag, 10. März] statt.", P, "DATE", "2024-03-10", None),
("Das Schuljahr beginnt am [Montag, den 2. September].", P, "DATE", "2024-09-02", None),
("Der Minister trat am [Mittwochnachmittag] vor die Presse.", P, "TIME", "2024-03-13TAF", None),
# relative periods
("Die Preise stiegen [letzte Woche] deutlich.", P, "DATE", "2024-W10", None),
("Der Entwurf wird [nächste Woche] vorgestellt.", P, "DATE", "2024-W12", None),
("Der Bundestag berät [diese Woche] den Haushalt.", P, "DATE", "2024-W11", None),
("Das Gesetz wird in der [kommenden Woche] verabschiedet.", P, "DATE", "2024-W12", None),
("Die Arbeitslosigkeit sank im [vergangenen Monat].", P, "DATE", "2024-02", None),
("Die Regel tritt im [nächsten Monat] in Kraft.", P, "DATE", "2024-04", None),
("Der Umsatz wuchs in [diesem Monat] kräftig.", P, "DATE", "2024-03", None),
("Das Unternehmen entließ im [vergangenen Jahr] 300 Mitarbeiter.", P, "DATE", "2023", None),
("Das Defizit soll im [nächsten Jahr] sinken.", P, "DATE", "2025", None),
("Die Spiele finden [dieses Jahr] in Paris statt.", P, "DATE", "2024", None),
("Die Fabrik öffnet [nächstes Jahr].", P, "DATE", "2025", None),
("Die Reform wurde [letztes Jahr] beschlossen.", P, "DATE", "2023", None),
("Der Umsatz brach im [letzten Quartal] ein.", P, "DATE", "2023-Q4", None),
("Das Fest findet an [diesem Wochenende] statt.", P, "DATE", "2024-W11-WE", None),
("Die Zwischenfälle häuften sich am [vergangenen Wochenende].", P, "DATE", "2024-W10-WE", None),
("Der Bahnhof ist am [kommenden Wochenende] gesperrt.", P, "DATE", "2024-W12-WE", None),
("Der Bericht soll bis zum [Jahresende] vorliegen.", P, "DATE", "2024", "END"),
("Der Umsatz lag im [Vorjahr] bei zwei Milliarden Euro.", P, "DATE", "2023", None),
("Die Preise stiegen gegenüber dem [Vormonat] um 0,4 Prozent.", P, "DATE", "2024-02", None),
("Die Fusion soll zum [Monatsende] abgeschlossen sein.", P, "DATE", "2024-03", "END"),
("Das Projekt startete [Anfang letzten Jahres].".replace("[Anfang letzten Jahres]", "[Anfang letzten Jahres]"), P, "DATE", "2023", "START"),
# dates and months
("Der Vertrag wurde am [3. März 2025] unterzeichnet.", P, "DATE", "2025-03-03", None),
("Die Fabrik schloss am [27. Mai 1998].", P, "DATE", "1998-05-27", None),
("Die Wahl findet am [9. Juni] statt.", P, "DATE", "2024-06-09", None),
("Der Minister kündigte am [28. Februar] ein Sparpaket an.", P, "DATE", "2024-02-28", None),
("Die Kundgebung ist für den [1. Mai] angemeldet.", P, "DATE", "2024-05-01", None),
("Die Messe öffnet am [Mittwoch, 3. April].", P, "DATE", "2024-04-03", None),
("Das Urteil wurde am [6. März] verkündet.", P, "DATE", "2024-03-06", None),
("Die Bauarbeiten beginnen im [kommenden Mai].", P, "DATE", "2024-05", None),
("Das Gesetz wurde im [vergangenen Mai] verkündet.", P, "DATE", "2023-05", None),
("Das Festival findet im [Juli] statt.", P, "DATE", "2024-07", None),
("Die Regierung legte ihren Plan im [November] vor.", P, "DATE", "2023-11", None),
("Die Firma wurde im [Februar] verkauft.", P, "DATE", "2024-02", None),
("Die Krise brach im [September 2008] aus.", P, "DATE", "2008-09", None),
("Die Firma wurde im [August 2015] gegründet.", P, "DATE", "2015-08", None),
("Die Saison beginnt [Anfang April].", P, "DATE", "2024-04", "START"),
("Der Schlussverkauf beginnt [Ende Juni].", P, "DATE", "2024-06", "END"),
("Der Bericht erscheint [Mitte Mai].", P, "DATE", "2024-05", "MID"),
("Die Frist läuft am [15.04.2024] ab.", P, "DATE", "2024-04-15", None),
("Das Schreiben ist vom [3.5.2021] datiert.".replace("vom [3.5.2021] datiert", "auf den [3.5.2021] datiert"), P, "DATE", "2021-05-03", None),
("Das Gesetz wurde im [Juni letzten Jahres] verabschiedet.", P, "DATE", "2023-06", None),
("Die Brücke wurde am [3. Oktober 1990] eingeweiht.", P, "DATE", "1990-10-03", None),
("Der Vertrag gilt seit [Januar].", P, "DATE", "2024-01", None),
# years, decades, centuries
("Die Gesellschaft wurde [1998] gegründet.", P, "DATE", "1998", None),
("Das Projekt stammt aus dem [Jahr 2001].", P, "DATE", "2001", None),
("Die Stadt wurde im [19. Jahrhundert] wieder aufgebaut.", P, "DATE", "18", None),
("Die Burg stammt aus dem [16. Jahrhundert].", P, "DATE", "15", None),
("Das Viertel entstand in [den 1960er Jahren].", P, "DATE", "196", None),
("Die Band war in [den 80er Jahren] berühmt.", P, "DATE", "198", None),
("Die Zeche schloss [Ende 2019].", P, "DATE", "2019", "END"),
("Das Stadion soll [Anfang 2026] eröffnen.", P, "DATE", "2026", "START"),
("Der Absatz brach [Mitte 2023] ein.", P, "DATE", "2023", "MID"),
("Die Stadt wurde im Jahr [1542]".replace("im Jahr [1542]", "im [Jahr 1542]") + " gegründet.", P, "DATE", "1542", None),
("Die Wirtschaft wuchs in [den neunziger Jahren] stark.", P, "DATE", "199", None),
# ago / in
("Der Präsident wurde [vor zwei Jahren] gewählt.", P, "DATE", "2022", None),
("Die Fabrik schloss [vor drei Monaten].", P, "DATE", "2023-12", None),
("Der Unfall geschah [vor zehn Tagen].", P, "DATE", "2024-03-04", None),
("Das Gesetz wurde [vor zwei Wochen] verabschiedet.", P, "DATE", "2024-W09", None),
("Die Brücke soll [in zwei Jahren] fertig sein.", P, "DATE", "2026", None),
("Die Ergebnisse liegen [in drei Tagen] vor.", P, "DATE", "2024-03-17", None),
("Das Unternehmen entstand [vor einem Jahr].", P, "DATE", "2023", None),
("Das Gebäude wurde [vor einem Jahrhundert] errichtet.", P, "DATE", "1924", None),
("Der Laden eröffnete [vor sechs Monaten].", P, "DATE", "2023-09", None),
("Der Vorfall ereignete sich [vor einer Woche].", P, "DATE", "2024-W10", None),
# durations
("Er leitete das Unternehmen [zwei Jahre] lang.", P, "DURATION", "P2Y", None),
("Der Konflikt dauert seit [mehr als einem Jahr] an.", P, "DURATION", "P1Y", "MORE_THAN"),
("Die Arbeiten dauerten [drei Monate].", P, "DURATION", "P3M", None),
("Er lag [eine Woche] im Krankenhaus.", P, "DURATION", "P1W", None),
("Der Streik dauerte [fünfzehn Tage].", P, "DURATION", "P15D", None),
("Er wurde zu [achtzehn Monaten] Haft verurteilt.", P, "DURATION", "P18M", None),
("Der Bau dauerte [einundzwanzig Tage].", P, "DURATION", "P21D", None),
("Die Region lebte [siebzig Jahre] unter diesem Regime.", P, "DURATION", "P70Y", None),
("Das Spiel dauerte [neunzig Minuten].", P, "DURATION", "PT90M", None),
("Der Sprinter lief in [9,58 Sekunden].", P, "DURATION", "PT9.58S", None),
("Das Projekt dauerte [eineinhalb Jahre].", P, "DURATION", "P18M", None),
("Die Sitzung dauerte [anderthalb Stunden].", P, "DURATION", "PT1H30M", None),
("Er wartete [eine halbe Stunde] vor der Tür.", P, "DURATION", "PT30M", None),
("Der Stromausfall dauerte [eine Viertelstunde].", P, "DURATION", "PT15M", None),
("Er regiert seit [einem Vierteljahrhundert].", P, "DURATION", "P25Y", None),
("Er lebt seit [mehreren Jahren] im Exil.", P, "DURATION", "PXY", None),
("Der Regen hielt [mehrere Tage] an.", P, "DURATION", "PXD", None),
("Die Baustelle ruhte [einige Monate].", P, "DURATION", "PXM", None),
("Die Spannungen nahmen in den [vergangenen Tagen] zu.", P, "DURATION", "PXD", None),
("Die Preise sind in den [letzten Jahren] explodiert.", P, "DURATION", "PXY", None),
("Die Arbeitslosigkeit sank in den [vergangenen drei Monaten].", P, "DURATION", "P3M", None),
("Die Verhandlungen dauerten [rund zwei Monate].", P, "DURATION", "P2M", "APPROX"),
("Er arbeitete [fast zehn Jahre] in der Fabrik.", P, "DURATION", "P10Y", "LESS_THAN"),
("Die Retter brauchten [weniger als eine Stunde].", P, "DURATION", "PT1H", "LESS_THAN"),
("Die Reparatur dauert [mindestens drei Wochen].", P, "DURATION", "P3W", "EQUAL_OR_MORE"),
("Er verbüßt eine Strafe von [zehn Jahren].", P, "DURATION", "P10Y", None),
("Die Amtszeit von [vier Jahren] endet im Mai.", P, "DURATION", "P4Y", None),
("Die Fahrt dauert [zwei Stunden] mit dem Zug.", P, "DURATION", "PT2H", None),
("Es bleiben [dreißig Minuten] Spielzeit.", P, "DURATION", "PT30M", None),
("Der Prozess zog sich [zweiunddreißig Tage] hin.", P, "DURATION", "P32D", None),
("Er stand [ein Jahrzehnt] an der Spitze des Vereins.", P, "DURATION", "P10Y", None),
("Die Dürre hielt [jahrelang] an.", P, "DURATION", "PXY", None),
("Die Gespräche zogen sich [wochenlang] hin.", P, "DURATION", "PXW", None),
("Er wartete [ein halbes Jahr] auf die Genehmigung.", P, "DURATION", "P6M", None),
# clock times
("Der Zug kam um [21.45 Uhr] an.", P, "TIME", "2024-03-14T21:45", None),
("Die Sitzung beginnt um [9:30 Uhr].", P, "TIME", "2024-03-14T09:30", None),
("Der Vorfall ereignete sich [gegen 18 Uhr].", P, "TIME", "2024-03-14T18:00", "APPROX"),
("Das Geschäft öffnet um [10 Uhr].", P, "TIME", "2024-03-14T10:00", None),
("Der Rat tagt am [Mittag]".replace("am [Mittag]", "um [Mittag]") + ".", P, "TIME", "2024-03-14T12:00", None),
("Die Ausgangssperre beginnt um [Mitternacht].", P, "TIME", "2024-03-14T24:00", None),
("Der Festgenommene kam um [8 Uhr morgens] an.", P, "TIME", "2024-03-14T08:00", None),
("Die Vorstellung beginnt um [9 Uhr abends].", P, "TIME", "2024-03-14T21:00", None),
("Gestern um [18 Uhr] griff die Polizei ein.", P, "TIME", "2024-03-13T18:00", None),
("Der Minister kam am Dienstag um [15.30 Uhr] an.", P, "TIME", "2024-03-12T15:30", None),
("Der Einbruch geschah [gegen 3.15 Uhr] am Sonntag.", P, "TIME", "2024-03-10T03:15", "APPROX"),
("Die Wahllokale schließen um [20 Uhr].", P, "TIME", "2024-03-14T20:00", None),
("Die Feier beginnt um [17 Uhr].", P, "TIME", "2024-03-14T17:00", None),
# seasons, quarters
("Das Festival findet [diesen Sommer] statt.", P, "DATE", "2024-SU", None),
("Die Dürre traf die Region im [vergangenen Sommer].", P, "DATE", "2023-SU", None),
("Der Tunnel wird im [kommenden Winter] gesperrt.", P, "DATE", "2024-WI", None),
("Die Kollektion wird im [Frühjahr 2025] vorgestellt.", P, "DATE", "2025-SP", None),
("Die Brände verwüsteten den Wald im [letzten Herbst].", P, "DATE", "2023-FA", None),
("Die Arbeiten finden im [Sommer] statt.", P, "DATE", "2024-SU", None),
("Das BIP wuchs im [zweiten Quartal] um 0,3 Prozent.", P, "DATE", "2023-Q2", None),
("Der Absatz sank im [ersten Quartal 2023].", P, "DATE", "2023-Q1", None),
("Die Verluste stiegen im [vierten Quartal des Vorjahres].", P, "DATE", "2023-Q4", None),
("Der Gewinn verdoppelte sich im [ersten Halbjahr 2022].", P, "DATE", "2022-H1", None),
("Die Einnahmen sanken im [ersten Halbjahr].", P, "DATE", "2024-H1", None),
# references
("Das Gelände ist [derzeit] für Besucher geschlossen.", P, "DATE", "PRESENT_REF", None),
("Der Bürgermeister hat [kürzlich] seinen Rücktritt angekündigt.", P, "DATE", "PAST_REF", None),
("Der Bericht wird [demnächst] veröffentlicht.", P, "DATE", "FUTURE_REF", None),
("Die Kontrollen werden [künftig] verstärkt.", P, "DATE", "FUTURE_REF", None),
("[Heutzutage] ist der Verkehr für Lastwagen verboten.", P, "DATE", "PRESENT_REF", None),
("Das Gebäude beherbergte [früher] eine Schule.".replace("[früher]", "[damals]"), P, "DATE", "PAST_REF", None),
("Die Preise sind [aktuell] stabil.", P, "DATE", "PRESENT_REF", None),
("Die Lage wird sich [bald] ändern, sagte der Minister.", P, "DATE", "FUTURE_REF", None),
# sets
("Der Markt findet [jeden Donnerstag] statt.", P, "SET", "XXXX-WXX-4", None),
("Die Anmeldung ist [donnerstags] geöffnet.", P, "SET", "XXXX-WXX-4", None),
("Die Zeitung erscheint [jeden Tag].", P, "SET", "P1D", None),
("Das Fest wird [jedes Jahr] im Juni gefeiert.", P, "SET", "P1Y", None),
("Der Ausschuss trifft sich [jeden Monat].", P, "SET", "P1M", None),
("Die Messe findet [alle zwei Jahre] statt.", P, "SET", "P2Y", None),
("Die [jährliche] Hauptversammlung wurde verschoben.", P, "SET", "P1Y", None),
("Er bekommt 50 Euro [pro Tag].", P, "SET", "P1D", None),
("Er läuft [jeden Morgen].", P, "SET", "XXXX-XX-XXTMO", None),
("Die Daten werden [täglich] aktualisiert.", P, "SET", "P1D", None),
("Er reist [zweimal im Jahr] nach Brüssel.", P, "SET", "P1Y", None),
("Die Flohmärkte öffnen [sonntags].", P, "SET", "XXXX-WXX-7", None),
# anaphors, feasts
("Der Prozess begann am 4. März. [Am Vortag] hatten die Anwälte eine Vertagung beantragt.".replace("[Am Vortag]", "Am [Vortag]"), P, "DATE", "2024-03-03", None),
("Das Abkommen wurde am 4. März unterzeichnet. [Am nächsten Tag] protestierten die Gewerkschaften.".replace("[Am nächsten Tag]", "Am [nächsten Tag]"), P, "DATE", "2024-03-05", None),
("Die Geschäfte öffnen bis [Weihnachten].", P, "DATE", "2024-12-25", None),
("Die Prozessionen ziehen zu [Ostern] durch die Stadt.", P, "DATE", "2024-03-31", None),
("Am [Tag der Deutschen Einheit] gab es Feiern in Berlin.", P, "DATE", "2023-10-03", None),
("Das Feuerwerk an [Silvester] lockte Tausende an.", P, "DATE", "2023-12-31", None),
("Die Messe findet vom [3]. bis 9. Juni statt.", P, "DATE", "2024-06-03", None),
]

WD = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
for pub in ("2024-03-14", "2023-11-08"):
    a = date.fromisoformat(pub)
    cur = a.isoweekday()
    for i, w in enumerate(WD, 1):
        back = (cur - i) % 7
        fwd = (i - cur) % 7
        C.append((f"Die Polizei hat den Verdächtigen am [{w}] in seiner Wohnung festgenommen.", pub, "DATE", (a - timedelta(days=back)).isoformat(), None))
        C.append((f"Der Ausschuss wird am [{w}] entscheiden.", pub, "DATE", (a + timedelta(days=fwd)).isoformat(), None))
        C.append((f"Die Opposition kritisierte die Maßnahme am [vergangenen {w}].", pub, "DATE", (a - timedelta(days=back or 7)).isoformat(), None))
        C.append((f"Der Richter lädt die Angeklagten für den [nächsten {w}] vor.", pub, "DATE", (a + timedelta(days=fwd or 7)).isoformat(), None))

MO = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
for pub in ("2024-03-14", "2023-10-20"):
    a = date.fromisoformat(pub)
    for i, mo in enumerate(MO, 1):
        last = a.year - (1 if i >= a.month else 0)
        nxt = a.year + (1 if i <= a.month else 0)
        C.append((f"Die Inflation stieg im [vergangenen {mo}] stark an.", pub, "DATE", f"{last}-{i:02d}", None))
        C.append((f"Das Werk wird im [kommenden {mo}] eröffnet.", pub, "DATE", f"{nxt}-{i:02d}", None))
for i, mo in enumerate(MO, 1):
    d = 1 + (i * 7) % 28
    C.append((f"Das Abkommen wurde am [{d}. {mo} 2019] unterzeichnet.", P, "DATE", f"2019-{i:02d}-{d:02d}", None))

NUMS = [("zwei", 2), ("drei", 3), ("vier", 4), ("fünf", 5), ("sechs", 6), ("zehn", 10), ("zwanzig", 20), ("dreißig", 30)]
UNITS = [("Jahre", "Y"), ("Monate", "M"), ("Wochen", "W"), ("Tage", "D"), ("Stunden", "H"), ("Minuten", "MIN")]
for k, (word, n) in enumerate(NUMS):
    unit, letter = UNITS[k % len(UNITS)]
    value = f"PT{n}H" if letter == "H" else f"PT{n}M" if letter == "MIN" else f"P{n}{letter}"
    C.append((f"Die Verhandlungen zogen sich [{word} {unit}] hin.", P, "DURATION", value, None))
    C.append((f"Der Betrieb ruhte [{n} {unit}].", P, "DURATION", value, None))
a = date.fromisoformat(P)
for word, n in NUMS[:6]:
    C.append((f"Das Dorf war [vor {word} Jahren] von der Außenwelt abgeschnitten.", P, "DATE", str(a.year - n), None))
    mo = (a.year * 12 + a.month - 1) - n
    C.append((f"Die Firma wechselte [vor {word} Monaten] den Besitzer.", P, "DATE", f"{mo // 12}-{mo % 12 + 1:02d}", None))
    C.append((f"Das Werk ist [in {word} Tagen] fertig.", P, "DATE", (a + timedelta(days=n)).isoformat(), None))
for h, mi in ((7, 0), (9, 15), (11, 45), (13, 5), (16, 30), (22, 10), (0, 40)):
    C.append((f"Der Zug fuhr um [{h}.{mi:02d} Uhr] ab.", P, "TIME", f"2024-03-14T{h:02d}:{mi:02d}", None))
    C.append((f"Die Sitzung beginnt um [{h}:{mi:02d} Uhr].", P, "TIME", f"2024-03-14T{h:02d}:{mi:02d}", None))

seen, out = set(), []
for sent, pub, typ, value, mod in C:
    if (sent, pub) in seen:
        continue
    seen.add((sent, pub))
    iv = expected_interval(value) if typ in ("DATE", "TIME") else None
    out.append({"sentence": sent.strip(), "published": pub, "type": typ, "value": value, "mod": mod,
                "grain": iv[0] if iv else None, "from": iv[1].isoformat() if iv else None,
                "to": iv[2].isoformat() if iv else None})
with open(__import__("pathlib").Path(__file__).with_name("timex_cases.jsonl"), "w", encoding="utf-8") as f:
    for rec in out:
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
print(len(out))
