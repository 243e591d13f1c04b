"""Writes tests/corpus/es/timex_cases.jsonl: hand-written cases, and families whose
values come from plain date arithmetic (never from the tagger)."""
import json, sys
from datetime import date, timedelta
sys.path[:0] = [str(__import__("pathlib").Path(__file__).resolve().parents[k]) for k in (2, 3)]  # tests/, the repository
from test_tagger_corpus import expected_interval

P = "2024-03-14"   # a Thursday
C = [
# day words
("El Gobierno aprobó [ayer] el decreto de ayudas.", P, "DATE", "2024-03-13", None),
("El Congreso votará [mañana] la reforma laboral.", P, "DATE", "2024-03-15", None),
("Los sindicatos se manifestaron [anteayer] en Madrid.", P, "DATE", "2024-03-12", None),
("El tribunal dictará sentencia [pasado mañana].", P, "DATE", "2024-03-16", None),
("El presidente comparece [hoy] ante el Senado.", P, "DATE", "2024-03-14", None),
("La policía detuvo a dos sospechosos [anoche] en Sevilla.", P, "TIME", "2024-03-13TNI", None),
("Un incendio se declaró [esta mañana] en una nave industrial.", P, "TIME", "2024-03-14TMO", None),
("El partido se jugará [esta noche] en el Bernabéu.", P, "TIME", "2024-03-14TNI", None),
("Los bomberos intervinieron [esta madrugada] en la autovía.", P, "TIME", "2024-03-14TNI", None),
("Las negociaciones se reanudarán [mañana por la mañana].", P, "TIME", "2024-03-15TMO", None),
("El ministro habló [ayer por la tarde] con los periodistas.", P, "TIME", "2024-03-13AF".replace("13AF", "13TAF"), None),
("La ministra presentó [esta tarde] el plan de vivienda.", P, "TIME", "2024-03-14TAF", None),
("El alcalde se reunió [ayer por la noche] con los vecinos.", P, "TIME", "2024-03-13TNI", None),
# weekdays with shifts and days
("El Consejo de Ministros aprobó [el pasado martes] el anteproyecto.", P, "DATE", "2024-03-12", None),
("La cumbre se celebrará [el próximo viernes] en Bruselas.", P, "DATE", "2024-03-15", None),
("Los resultados se publicarán [el lunes que viene].", P, "DATE", "2024-03-18", None),
("La huelga comenzó [el lunes pasado] en el metro.", P, "DATE", "2024-03-11", None),
("El rey inaugurará la feria [este viernes].", P, "DATE", "2024-03-15", None),
("El pleno se reunió [este lunes] en el Ayuntamiento.", P, "DATE", "2024-03-11", None),
("El herido fue trasladado al hospital [el sábado por la noche].", P, "TIME", "2024-03-09TNI", None),
("Los bomberos actuaron [el domingo por la mañana].", P, "TIME", "2024-03-10TMO", None),
("El concierto será [el sábado 16 de marzo] en el Palau.", P, "DATE", "2024-03-16", None),
("Las elecciones se celebraron [el domingo 10 de marzo].", P, "DATE", "2024-03-10", None),
("El curso escolar empezará [el lunes 2 de septiembre].", P, "DATE", "2024-09-02", None),
# relative periods
("Los precios subieron [la semana pasada].", P, "DATE", "2024-W10", None),
("El proyecto se presentará [la próxima semana].", P, "DATE", "2024-W12", None),
("El Parlamento debate [esta semana] los presupuestos.", P, "DATE", "2024-W11", None),
("La ley se aprobará [la semana que viene].", P, "DATE", "2024-W12", None),
("El paro bajó [el mes pasado].", P, "DATE", "2024-02", None),
("La norma entrará en vigor [el próximo mes].", P, "DATE", "2024-04", None),
("Las ventas crecieron [este mes].", P, "DATE", "2024-03", None),
("La empresa despidió a 300 trabajadores [el año pasado].", P, "DATE", "2023", None),
("El déficit bajará [el próximo año].", P, "DATE", "2025", None),
("Los Juegos se celebran [este año] en París.", P, "DATE", "2024", None),
("La fábrica abrirá [el año que viene].", P, "DATE", "2025", None),
("La reforma se votó [el pasado año].", P, "DATE", "2023", None),
("La facturación cayó [el trimestre pasado].", P, "DATE", "2023-Q4", None),
("Las fiestas se celebran [este fin de semana].", P, "DATE", "2024-W11-WE", None),
("Los incidentes se repitieron [el fin de semana pasado].", P, "DATE", "2024-W10-WE", None),
("La estación estará cerrada [el próximo fin de semana].", P, "DATE", "2024-W12-WE", None),
("El informe se entregará a [finales de año].".replace("[finales de año]", "[finales de año]"), P, "DATE", "2024", "END"),
("El proyecto arrancó a [principios del año pasado].", P, "DATE", "2023", "START"),
("La fusión se cerrará a [finales de mes].", P, "DATE", "2024-03", "END"),
# dates and months
("El tratado se firmó [el 3 de marzo de 2025].", P, "DATE", "2025-03-03", None),
("La fábrica cerró [el 27 de mayo de 1998].", P, "DATE", "1998-05-27", None),
("Las elecciones serán [el 9 de junio].", P, "DATE", "2024-06-09", None),
("El ministro anunció [el 28 de febrero] un plan de ahorro.", P, "DATE", "2024-02-28", None),
("La manifestación está convocada para [el 1 de mayo].", P, "DATE", "2024-05-01", None),
("La feria abrirá [el miércoles 3 de abril].", P, "DATE", "2024-04-03", None),
("La sentencia se conoció [el pasado 6 de marzo].", P, "DATE", "2024-03-06", None),
("El contrato se firmó [el pasado 20 de marzo].", P, "DATE", "2023-03-20", None),
("La votación será [el próximo 2 de abril].", P, "DATE", "2024-04-02", None),
("Las obras empezarán en [mayo próximo].", P, "DATE", "2024-05", None),
("La ley se promulgó en [mayo pasado].", P, "DATE", "2023-05", None),
("Las obras comenzaron [el pasado mes de enero].", P, "DATE", "2024-01", None),
("El festival será en [julio].", P, "DATE", "2024-07", None),
("El Gobierno presentó su plan en [noviembre].", P, "DATE", "2023-11", None),
("La empresa fue vendida en [febrero].", P, "DATE", "2024-02", None),
("La crisis estalló en [septiembre de 2008].", P, "DATE", "2008-09", None),
("La empresa se fundó en [agosto de 2015].", P, "DATE", "2015-08", None),
("La temporada empieza a [principios de abril].", P, "DATE", "2024-04", "START"),
("Las rebajas comienzan a [finales de junio].", P, "DATE", "2024-06", "END"),
("El informe saldrá a [mediados de mayo].", P, "DATE", "2024-05", "MID"),
("El plazo vence el [15/04/2024].", P, "DATE", "2024-04-15", None),
("El documento está fechado el [3.05.2021].", P, "DATE", "2021-05-03", None),
("La ley se aprobó en [junio del año pasado].", P, "DATE", "2023-06", None),
("El puente se inauguró [el 12 de octubre de 1992].", P, "DATE", "1992-10-12", None),
# years, decades, centuries
("La sociedad se fundó en [1998].", P, "DATE", "1998", None),
("El proyecto data de [el año 2001]".replace("de [el año 2001]", "del [año 2001]") + ".", P, "DATE", "2001", None),
("La ciudad fue reconstruida en [el siglo XIX].", P, "DATE", "18", None),
("El castillo data [del siglo XVI]".replace("[del siglo XVI]", "del [siglo XVI]") + ".", P, "DATE", "15", None),
("El barrio se construyó en [los años sesenta].", P, "DATE", "196", None),
("El grupo triunfó en [los años 80].", P, "DATE", "198", None),
("La mina cerró a [finales de 2019].", P, "DATE", "2019", "END"),
("El estadio abrirá a [principios de 2026].", P, "DATE", "2026", "START"),
("Las ventas cayeron a [mediados de 2023].", P, "DATE", "2023", "MID"),
("La ciudad fue fundada en [1542].", P, "DATE", "1542", None),
("La economía creció en [la década de 1990].", P, "DATE", "199", None),
# ago / in
("El presidente fue elegido [hace dos años].", P, "DATE", "2022", None),
("La fábrica cerró [hace tres meses].", P, "DATE", "2023-12", None),
("El accidente ocurrió [hace diez días].", P, "DATE", "2024-03-04", None),
("La ley se aprobó [hace dos semanas].", P, "DATE", "2024-W09", None),
("El puente estará terminado [dentro de dos años].", P, "DATE", "2026", None),
("Los resultados se conocerán [dentro de tres días].", P, "DATE", "2024-03-17", None),
("La empresa nació [hace un año].", P, "DATE", "2023", None),
("El edificio se construyó [hace un siglo].", P, "DATE", "1924", None),
("La tienda abrió [hace seis meses].", P, "DATE", "2023-09", None),
("El suceso ocurrió [hace una semana].", P, "DATE", "2024-W10", None),
# durations
("Dirigió la empresa durante [dos años].", P, "DURATION", "P2Y", None),
("El conflicto dura desde hace [más de un año].", P, "DURATION", "P1Y", "MORE_THAN"),
("Las obras duraron [tres meses].", P, "DURATION", "P3M", None),
("Estuvo ingresado [una semana].", P, "DURATION", "P1W", None),
("La huelga duró [quince días].", P, "DURATION", "P15D", None),
("Fue condenado a [dieciocho meses] de prisión.", P, "DURATION", "P18M", None),
("La obra duró [veintiún días].", P, "DURATION", "P21D", None),
("La región vivió [setenta años] bajo ese régimen.", P, "DURATION", "P70Y", None),
("El partido duró [noventa minutos].", P, "DURATION", "PT90M", None),
("El velocista corrió en [9,58 segundos].", P, "DURATION", "PT9.58S", None),
("El proyecto llevó [un año y medio].", P, "DURATION", "P18M", None),
("La reunión duró [dos horas y media].", P, "DURATION", "PT2H30M", None),
("Esperó [media hora] ante la puerta.", P, "DURATION", "PT30M", None),
("La reunión duró [hora y media].", P, "DURATION", "PT90M", None),
("Gobierna desde hace [un cuarto de siglo].", P, "DURATION", "P25Y", None),
("Vive en el exilio desde hace [varios años].", P, "DURATION", "PXY", None),
("Las lluvias duraron [varios días].", P, "DURATION", "PXD", None),
("La obra estuvo parada [unos meses].", P, "DURATION", "PXM", None),
("La tensión ha crecido en [los últimos días].", P, "DURATION", "PXD", None),
("Los precios se han disparado en [los últimos años].", P, "DURATION", "PXY", None),
("El paro bajó en [los últimos tres meses].", P, "DURATION", "P3M", None),
("Las negociaciones duraron [alrededor de dos meses].", P, "DURATION", "P2M", "APPROX"),
("Trabajó en la fábrica [cerca de diez años].", P, "DURATION", "P10Y", "APPROX"),
("Los servicios tardaron [menos de una hora] en llegar.", P, "DURATION", "PT1H", "LESS_THAN"),
("Las reparaciones durarán [al menos tres semanas].", P, "DURATION", "P3W", "EQUAL_OR_MORE"),
("Cumple una condena de [diez años].", P, "DURATION", "P10Y", None),
("El mandato de [cuatro años] termina en mayo.", P, "DURATION", "P4Y", None),
("El trayecto dura [dos horas] en tren.", P, "DURATION", "PT2H", None),
("Quedan [treinta minutos] de partido.", P, "DURATION", "PT30M", None),
("El juicio se prolongó [treinta y dos días].", P, "DURATION", "P32D", None),
("Estuvo [una década] al frente del club.", P, "DURATION", "P10Y", None),
("La sequía duró [casi dos años].", P, "DURATION", "P2Y", "LESS_THAN"),
# clock times
("El tren llegó a [las 21.45].", P, "TIME", "2024-03-14T21:45", None),
("La reunión empezará a [las 9:30 horas].", P, "TIME", "2024-03-14T09:30", None),
("Los hechos ocurrieron [sobre las 18 horas].", P, "TIME", "2024-03-14T18:00", "APPROX"),
("La tienda abre a [las 10].", P, "TIME", "2024-03-14T10:00", None),
("El consejo se reúne a [mediodía].", P, "TIME", "2024-03-14T12:00", None),
("El toque de queda empieza a [medianoche].", P, "TIME", "2024-03-14T24:00", None),
("El detenido llegó a [las 8 de la mañana].", P, "TIME", "2024-03-14T08:00", None),
("El espectáculo empieza a [las 9 de la noche].", P, "TIME", "2024-03-14T21:00", None),
("El avión despegó a [las diez y media].", P, "TIME", "2024-03-14T10:30", None),
("Ayer, a [las 18 horas], la policía intervino.", P, "TIME", "2024-03-13T18:00", None),
("El ministro llegó el martes a [las 15.30].", P, "TIME", "2024-03-12T15:30", None),
("El robo se produjo [hacia las 3.15], el domingo.", P, "TIME", "2024-03-10T03:15", "APPROX"),
("El incendio empezó a [las 10] de ayer.".replace("[las 10] de ayer", "[las 10] de ayer"), P, "TIME", "2024-03-13T10:00", None),
("Los colegios electorales cierran a [las 20.00 horas].", P, "TIME", "2024-03-14T20:00", None),
("El acto comenzará a [las cinco de la tarde].", P, "TIME", "2024-03-14T17:00", None),
# seasons, quarters
("El festival será [este verano].", P, "DATE", "2024-SU", None),
("La sequía golpeó la región [el verano pasado].", P, "DATE", "2023-SU", None),
("El túnel cerrará [el próximo invierno].", P, "DATE", "2024-WI", None),
("La colección se presentará en [la primavera de 2025].", P, "DATE", "2025-SP", None),
("Los incendios arrasaron el monte [el otoño pasado].", P, "DATE", "2023-FA", None),
("Las obras se harán en [verano].".replace("en [verano]", "en [verano]"), P, "DATE", "2024-SU", None),
("El PIB creció un 0,3 % en [el segundo trimestre].".replace("en [el segundo trimestre]", "en [el segundo trimestre]"), P, "DATE", "2023-Q2", None),
("Las ventas cayeron en [el primer trimestre de 2023].", P, "DATE", "2023-Q1", None),
("Las pérdidas crecieron en [el cuarto trimestre del año pasado].", P, "DATE", "2023-Q4", None),
("El beneficio se duplicó en [el primer semestre de 2022].", P, "DATE", "2022-H1", None),
("Los ingresos bajaron en [el primer semestre].", P, "DATE", "2024-H1", None),
# references
("El recinto está [actualmente] cerrado al público.", P, "DATE", "PRESENT_REF", None),
("El alcalde anunció [recientemente] su dimisión.", P, "DATE", "PAST_REF", None),
("El informe se publicará [próximamente].", P, "DATE", "FUTURE_REF", None),
("Los controles se reforzarán [en el futuro].", P, "DATE", "FUTURE_REF", None),
("[Hoy en día] el tráfico está prohibido a los camiones.", P, "DATE", "PRESENT_REF", None),
("El edificio albergaba [anteriormente] una escuela.", P, "DATE", "PAST_REF", None),
("Los precios se mantienen estables [en la actualidad].", P, "DATE", "PRESENT_REF", None),
("La situación cambiará [pronto], según el ministro.", P, "DATE", "FUTURE_REF", None),
# sets
("El mercado se celebra [cada jueves].", P, "SET", "XXXX-WXX-4", None),
("Las inscripciones se abren [todos los jueves].", P, "SET", "XXXX-WXX-4", None),
("El periódico sale [cada día].", P, "SET", "P1D", None),
("La fiesta se organiza [cada año] en junio.", P, "SET", "P1Y", None),
("El comité se reúne [todos los meses].", P, "SET", "P1M", None),
("La feria se celebra [cada dos años].", P, "SET", "P2Y", None),
("La junta [anual] de accionistas se aplazó.", P, "SET", "P1Y", None),
("Cobra 50 euros [al día].", P, "SET", "P1D", None),
("Corre [todas las mañanas].", P, "SET", "XXXX-XX-XXTMO", None),
("Los datos se actualizan [diariamente].", P, "SET", "P1D", None),
("Viaja a Bruselas dos veces [al año].".replace("dos veces [al año]", "[dos veces al año]"), P, "SET", "P1Y", None),
("Los mercadillos abren [los domingos].", P, "SET", "XXXX-WXX-7", None),
# anaphors, feasts
("El juicio empezó el 4 de marzo. [La víspera], los abogados pidieron un aplazamiento.", P, "DATE", "2024-03-03", None),
("El acuerdo se firmó el 4 de marzo. [Al día siguiente], los sindicatos protestaron.", P, "DATE", "2024-03-05", None),
("La huelga empezó el 4 de marzo. [La semana siguiente], las fábricas estaban paradas.", P, "DATE", "2024-W11", None),
("Las tiendas abrirán hasta [Navidad].", P, "DATE", "2024-12-25", None),
("Las procesiones saldrán en [Semana Santa].", P, "DATE", "2024-03-31", None),
("La cabalgata del [Día de Reyes] reunió a miles de niños.", P, "DATE", "2024-01-06", None),
("Las campanadas de [Nochevieja] batieron récords de audiencia.", P, "DATE", "2023-12-31", None),
("El torneo se jugará del [3] al 9 de junio.", P, "DATE", "2024-06-03", None),
]

# families: weekdays (values by date arithmetic)
WD = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
for pub in ("2024-03-14", "2023-11-08"):
    a = date.fromisoformat(pub)
    cur = a.isoweekday()
    for i, w in enumerate(WD, 1):
        back = (cur - i) % 7
        fwd = (i - cur) % 7
        C.append((f"La policía detuvo al sospechoso [el {w}] en su domicilio.", pub, "DATE", (a - timedelta(days=back)).isoformat(), None))
        C.append((f"El comité se reunirá [el {w}] para decidir.", pub, "DATE", (a + timedelta(days=fwd)).isoformat(), None))
        C.append((f"La oposición criticó la medida [el {w} pasado].", pub, "DATE", (a - timedelta(days=back or 7)).isoformat(), None))
        C.append((f"El juez citará a los acusados [el próximo {w}].", pub, "DATE", (a + timedelta(days=fwd or 7)).isoformat(), None))

# families: months (shifted), and full dates
MO = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
for pub in ("2024-03-14", "2023-10-20"):
    a = date.fromisoformat(pub)
    for i, mo in enumerate(MO, 1):
        last = a.year - (1 if i >= a.month else 0)
        nxt = a.year + (1 if i <= a.month else 0)
        C.append((f"La inflación se disparó en [{mo} pasado].", pub, "DATE", f"{last}-{i:02d}", None))
        C.append((f"La obra se inaugurará en [{mo} próximo].", pub, "DATE", f"{nxt}-{i:02d}", None))
for i, mo in enumerate(MO, 1):
    d = 1 + (i * 7) % 28
    C.append((f"El acuerdo se firmó [el {d} de {mo} de 2019].", P, "DATE", f"2019-{i:02d}-{d:02d}", None))

# families: counts of units
NUMS = [("dos", 2), ("tres", 3), ("cuatro", 4), ("cinco", 5), ("seis", 6), ("diez", 10), ("veinte", 20), ("treinta", 30)]
UNITS = [("años", "Y"), ("meses", "M"), ("semanas", "W"), ("días", "D"), ("horas", "H"), ("minutos", "MIN")]
for k, (word, n) in enumerate(NUMS):
    unit, letter = UNITS[k % len(UNITS)]
    value = f"PT{n}H" if letter == "H" else f"PT{n}M" if letter == "MIN" else f"P{n}{letter}"
    C.append((f"Las negociaciones se prolongaron durante [{word} {unit}].", P, "DURATION", value, None))
    C.append((f"El servicio estuvo interrumpido [{n} {unit}].", P, "DURATION", value, None))
a = date.fromisoformat(P)
for word, n in NUMS[:6]:
    C.append((f"El pueblo quedó aislado [hace {word} años].", P, "DATE", str(a.year - n), None))
    mo = (a.year * 12 + a.month - 1) - n
    C.append((f"La empresa cambió de dueño [hace {word} meses].", P, "DATE", f"{mo // 12}-{mo % 12 + 1:02d}", None))
    C.append((f"La obra estará lista [dentro de {word} días].", P, "DATE", (a + timedelta(days=n)).isoformat(), None))
# families: clock times
for h, mi in ((7, 0), (9, 15), (11, 45), (13, 5), (16, 30), (22, 10), (0, 40)):
    C.append((f"El tren salió a [las {h}.{mi:02d}] de la estación.", P, "TIME", f"2024-03-14T{h:02d}:{mi:02d}", None))
    C.append((f"El pleno empezará a [las {h}:{mi:02d} horas].", P, "TIME", f"2024-03-14T{h:02d}:{mi:02d}", None))

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
