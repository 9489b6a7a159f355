-- wrk script: every request is a POST of the body in the environment variable BODY (JSON), as a GraphQL client sends.
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/json"
