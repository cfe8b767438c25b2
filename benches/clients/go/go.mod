module benchclient

go 1.19

require example.com/acme/apierrors v0.0.0

replace example.com/acme/apierrors => ../../../clients/go
