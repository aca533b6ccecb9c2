from whosaid.cli.main import main

main()
