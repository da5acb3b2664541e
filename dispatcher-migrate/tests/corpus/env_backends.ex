defmodule Dispatcher do
  use Matcher
  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    any: [ "*/*" ]
  ]

  # Where the services live depends on the deployment.
  @resource_url System.get_env("RESOURCE_URL", "http://resource/")
  @search System.get_env("SEARCH_URL") || "http://search/"

  match "/themes/*path", %{ accept: %{ json: true } } do
    forward conn, path, @resource_url <> "themes/"
  end

  match "/search/*path", %{ accept: %{ json: true } } do
    forward conn, path, @search
  end

  get "/reports/*path", %{ accept: %{ any: true } } do
    reports = System.get_env("REPORTS_URL") || "http://reports/"
    forward conn, path, reports
  end

  get "/environment", _ do
    env = System.get_env("DEPLOY_ENV", "development")
    send_resp(conn, 200, "environment: " <> env)
  end

  get "/feature", _ do
    if System.get_env("FEATURE_BETA") do
      forward conn, [], "http://beta/feature"
    else
      send_resp(conn, 404, "feature disabled")
    end
  end
end
