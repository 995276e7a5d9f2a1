-- wrk script: POST the art. 186 example (1 month 15 days of arresto,
-- 1,500 euro of ammenda) to /api/v1/calcolo.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"fattispecie":"cds186","data":"2025-06-10","pena":{"arresto":{"mesi":1,"giorni":15},"ammenda":"1500"}}'
