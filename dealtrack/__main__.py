from dealtrack.cli.app import main

main()
